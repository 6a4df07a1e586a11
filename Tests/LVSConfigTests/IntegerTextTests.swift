import Testing
@testable import LVSConfig

/// Integers read as `strtol(…, 0)` reads them, without its silent overflow.
@Suite struct IntegerTextTests {
    func read(_ s: String) -> IntegerText {
        Array(s.utf8).withUnsafeBufferPointer { IntegerText.parse($0, 0, $0.count) }
    }

    @Test func forms() {
        #expect(read("0") == .value(0))
        #expect(read("42") == .value(42))
        #expect(read("-7") == .value(-7))
        #expect(read("+7") == .value(7))
        #expect(read("0x1F") == .value(31))
        #expect(read("0X1f") == .value(31))
        #expect(read("017") == .value(15))
        #expect(read("9223372036854775807") == .value(Int64.max))
    }

    @Test func rejects() {
        for bad in ["", "-", "+", "0x", "0xg", "08", "1.5", "12abc", " 1", "1 ", "--1", "0b1"] {
            #expect(read(bad) == .invalid, "\(bad)")
        }
        #expect(read("9223372036854775808") == .overflow)
        #expect(read("99999999999999999999999") == .overflow)
        #expect(read("0xFFFFFFFFFFFFFFFFFF") == .overflow)
    }
}
