import DaemonSupport
import Glibc
import LVSTestKit
import Testing

/// `--ready-fd`: how pulse learns how ready lvsd's table is, and tells the peer director.
@Suite(.serialized) struct LVSDReadyDescriptorTests {
    @Test func reportsCheckingUntilEveryRealServerHasBeenCheckedOnceThenReady() throws {
        try withScratch { scratch in
            let up = try LoopbackServer()
            let down = try LoopbackServer(listening: false)
            // Close-on-exec: only lvsd gets the write end, not the children other tests spawn meanwhile.
            let pipe = try FileDescriptor.makePipe()
            let ends = [pipe.read.rawValue, pipe.write.rawValue]
            defer { close(ends[0]) }
            _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
            let config = loopbackConfig(ports: [up.port, down.port])
            let lvsd = try LVSDRun(
                scratch: scratch, config: config, extraArguments: ["--ready-fd", "\(ends[1])"], passing: [ends[1]])
            close(ends[1])
            let reader = ReadinessReader(descriptor: ends[0])
            let lines = try reader.lines(until: "ready", timeout: .seconds(15))
            // Counting down while the nannies report; ready once both first reports are in.
            #expect(lines.dropLast().allSatisfy { $0 == "checking 2" || $0 == "checking 1" }, "\(lines)")
            #expect(lines.last == "ready")
            // ...and applied, before lvsd said so.
            let log = lvsd.log
            #expect(log.contains("would apply: adding real server rs1 (127.0.0.1:\(up.port))"))
            #expect(lvsd.lines.contains { $0.contains("rs2") && $0.contains("down") })
            #expect(log.contains("every real server checked once: told --ready-fd \(ends[1])"))
            #expect(!log.contains("would apply: adding real server rs2"))
            #expect(try reader.isOpen(), "lvsd keeps the descriptor for the next change")

            // A reload adds a real server: the table is checking again until it has been checked.
            let third = try LoopbackServer()
            try lvsd.reload(loopbackConfig(ports: [up.port, down.port, third.port]))
            let again = try reader.lines(until: "ready", timeout: .seconds(15))
            #expect(again == ["checking 1", "ready"])

            lvsd.process.signal(SIGTERM)
            #expect(try lvsd.process.wait(timeout: .seconds(15)).exitCode == 0)
            #expect(try !reader.isOpen(), "closed when lvsd exits")
        }
    }

    @Test(arguments: [("99", "--ready-fd 99: not an open descriptor"), ("1", "--ready-fd 1: must be 3 or more")])
    func aDescriptorThatCannotBeToldIsRefused(value: String, message: String) throws {
        try withScratch { scratch in
            let lvsd = try LVSDRun(
                scratch: scratch, config: loopbackConfig(ports: [9]), extraArguments: ["--ready-fd", value])
            let result = try lvsd.process.wait(timeout: .seconds(15))
            #expect(result.exitCode != 0)
            #expect(lvsd.log.contains(message))
        }
    }
}

/// The lines lvsd writes to its readiness pipe (the read end, non-blocking).
final class ReadinessReader {
    let descriptor: Int32
    private var pending: [UInt8] = []

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// The lines read until one equals `last` (included), waiting at most `timeout`.
    func lines(until last: String, timeout: Duration) throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var lines: [String] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while ContinuousClock.now < deadline {
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                lines.append(line)
                if line == last { return lines }
            }
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 {
                pending += buffer[..<count]
                continue
            }
            if count == 0 { throw LabError("lvsd closed --ready-fd after \(lines)") }
            usleep(20_000)
        }
        throw LabError("no \"\(last)\" on --ready-fd within \(timeout); read \(lines)")
    }

    /// Whether the writer still holds the pipe (nothing to read is not end of file).
    func isOpen() throws -> Bool {
        var byte: UInt8 = 0
        let count = read(descriptor, &byte, 1)
        if count > 0 { pending.append(byte) }
        return count != 0
    }
}
