import DaemonSupport
import Testing

@Suite struct ForkServerMessageTests {
    @Test(arguments: [
        ForkServerMessage.spawn(id: 1, arguments: ["-h", "10.0.1.11", "--http-path", "/health check", ""]),
        .spawn(id: 0xFFFF_FFFF, arguments: []),
        .spawned(id: 7, pid: 4_194_303),
        .failed(id: 9, reason: "fork: Resource temporarily unavailable"),
        .ready,
    ])
    func roundTrips(message: ForkServerMessage) throws {
        #expect(try ForkServerMessage(decoding: message.encoded) == message)
    }

    @Test func theWireFormatIsLittleEndianAndLengthPrefixed() {
        #expect(
            ForkServerMessage.spawn(id: 2, arguments: ["ab"]).encoded == [
                UInt8(ascii: "S"), 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, UInt8(ascii: "a"), UInt8(ascii: "b"),
            ])
    }

    @Test(
        arguments: [
            ([], "empty message"),
            ([UInt8(ascii: "S"), 1, 0], "too short for its id"),
            ([UInt8(ascii: "S"), 1, 0, 0, 0], "no argument count"),
            ([UInt8(ascii: "S"), 1, 0, 0, 0, 1, 0, 9, 0, 0, 0, 65], "argument 1 of 1 is cut short"),
            ([UInt8(ascii: "S"), 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0], "argument 1 is not text without NUL bytes"),
            ([UInt8(ascii: "S"), 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0xFF], "argument 1 is not text without NUL bytes"),
            ([UInt8(ascii: "S"), 1, 0, 0, 0, 0, 0, 42], "bytes after the last argument"),
            ([UInt8(ascii: "S"), 1, 0, 0, 0, 0xFF, 0xFF], "65535 arguments (at most 1024)"),
            ([UInt8(ascii: "P"), 1, 0, 0, 0, 0, 0, 0, 0], "a reply without a valid PID"),
            ([UInt8(ascii: "P"), 1, 0, 0, 0, 5, 0], "a reply without a valid PID"),
            ([UInt8(ascii: "X"), 1, 0, 0, 0], "unknown kind 88"),
            ([UInt8(ascii: "R"), 1, 0, 0, 0], "a ready message with more than its id 0"),
        ] as [([UInt8], String)])
    func malformedMessagesAreRefusedWithTheReason(bytes: [UInt8], reason: String) {
        #expect(throws: ForkServerMessage.DecodingError(reason: reason)) { try ForkServerMessage(decoding: bytes) }
    }
}
