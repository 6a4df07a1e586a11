import Glibc
import LVSTestKit
import Testing

/// `--ready-fd`: how pulse learns that a planned takeover's table is ready for the VIPs.
@Suite(.serialized) struct LVSDReadyDescriptorTests {
    @Test func tellsTheDescriptorOnceEveryRealServerHasBeenCheckedOnce() throws {
        try withScratch { scratch in
            let up = try LoopbackServer()
            let down = try LoopbackServer(listening: false)
            var ends: [Int32] = [-1, -1]
            try #require(pipe(&ends) == 0)
            defer { close(ends[0]) }
            _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
            let lvsd = try LVSDRun(
                scratch: scratch, config: loopbackConfig(ports: [up.port, down.port]),
                extraArguments: ["--ready-fd", "\(ends[1])"])
            close(ends[1])
            let told = try Self.readLine(from: ends[0], timeout: .seconds(15))
            #expect(told == "ready\n")
            // Both first reports were in, and applied, before lvsd said so.
            let log = lvsd.log
            #expect(log.contains("would apply: adding real server rs1 (127.0.0.1:\(up.port))"))
            #expect(lvsd.lines.contains { $0.contains("rs2") && $0.contains("down") })
            #expect(log.contains("every real server checked once: told --ready-fd \(ends[1])"))
            #expect(!log.contains("would apply: adding real server rs2"))
            lvsd.process.signal(SIGTERM)
            #expect(try lvsd.process.wait(timeout: .seconds(15)).exitCode == 0)
        }
    }

    @Test(arguments: [("99", "--ready-fd 99: not an open descriptor"), ("1", "--ready-fd 1: must be 3 or more")])
    func aDescriptorThatCannotBeToldIsRefused(value: String, message: String) throws {
        try withScratch { scratch in
            let lvsd = try LVSDRun(scratch: scratch, config: loopbackConfig(ports: [9]), extraArguments: ["--ready-fd", value])
            let result = try lvsd.process.wait(timeout: .seconds(15))
            #expect(result.exitCode != 0)
            #expect(lvsd.log.contains(message))
        }
    }

    /// The first bytes written to `descriptor` (non-blocking), waiting at most `timeout`.
    static func readLine(from descriptor: Int32, timeout: Duration) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 64)
        while ContinuousClock.now < deadline {
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 { return String(decoding: buffer[..<count], as: UTF8.self) }
            if count == 0 { throw LVSDTestError(message: "lvsd closed --ready-fd without writing") }
            usleep(20_000)
        }
        throw LVSDTestError(message: "nothing on --ready-fd within \(timeout)")
    }
}
