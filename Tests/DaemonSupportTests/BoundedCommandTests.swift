import DaemonSupport
import Glibc
import Testing

/// A one-shot command fed its input, its output collected, killed with its group at the limit.
@Suite struct BoundedCommandTests {
    init() { Signal.pipe.ignore() }

    @Test func theInputReachesTheCommandAndBothStreamsComeBackInOrder() throws {
        let input = Array(String(repeating: "lvs.cf line\n", count: 20_000).utf8)
        let outcome = try BoundedCommand.run(
            ChildProcessSpec(executable: "/bin/sh", arguments: ["-c", "wc -c; echo done >&2; exit 3"]), input: input,
            limit: .seconds(30))
        #expect(outcome.status == .exited(3))
        #expect(String(decoding: outcome.output, as: UTF8.self) == "\(input.count)\ndone\n")
    }

    @Test func aCommandPastTheLimitIsKilledWithWhatItStarted() throws {
        let started = ContinuousClock.now
        let outcome = try BoundedCommand.run(
            ChildProcessSpec(executable: "/bin/sh", arguments: ["-c", "echo waiting; sleep 30 & wait"]), input: [],
            limit: .milliseconds(300))
        #expect(outcome.status == nil)
        #expect(String(decoding: outcome.output, as: UTF8.self) == "waiting\n")
        #expect(ContinuousClock.now - started < .seconds(20), "it returned at the limit, not when the sleep ended")
    }

    @Test func aCommandThatDoesNotReadItsInputDoesNotHangOrKillTheCaller() throws {
        let outcome = try BoundedCommand.run(
            ChildProcessSpec(executable: "/bin/true"), input: [UInt8](repeating: 0x41, count: 1 << 20),
            limit: .seconds(30))
        #expect(outcome.status == .exited(0))
    }

    @Test func aProgramThatDoesNotExistIsNamed() {
        #expect(throws: SystemCallError.self) {
            try BoundedCommand.run(ChildProcessSpec(executable: "/nonexistent/ssh"), input: [], limit: .seconds(1))
        }
    }
}
