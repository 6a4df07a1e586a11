import DaemonSupport
import Glibc
import Logging
import Testing

/// The reaper in a test process uses pidfds (``ChildReaper/Strategy-swift.enum/spawnedChildren``):
/// `waitpid(-1)` would steal other tests' children here. The `SIGCHLD` + `waitpid(-1)` strategy
/// runs in nanny and is covered by NannyTests.
@Suite struct ChildReaperTests {
    let logger = Logger(label: "test")

    @Test func exitCodesAndSignalsReachWhoeverSpawnedThePID() throws {
        let loop = EventLoop()
        let reaper = try ChildReaper(loop: loop, strategy: .spawnedChildren, logger: logger)
        var exits: [String: TerminationStatus] = [:]
        let seven = try reaper.spawn(ChildProcessSpec(executable: "/bin/sh", arguments: ["-c", "exit 7"])) {
            exits["seven"] = $0.status
        }
        let zero = try reaper.spawn(ChildProcessSpec(executable: "/bin/true")) { exits["zero"] = $0.status }
        let sleeper = try reaper.spawn(ChildProcessSpec(executable: "/bin/sleep", arguments: ["30"])) { exit in
            exits["sleeper"] = exit.status
            #expect(exit.exitedAt >= exit.startedAt)
        }
        #expect(Set(reaper.runningPIDs) == Set([seven.pid, zero.pid, sleeper.pid]))
        loop.schedule(after: .milliseconds(50)) { _ = try? reaper.send(.terminate, to: sleeper.pid) }
        loop.schedule(after: .seconds(10)) { loop.stop() }
        // run() returns by itself once every child is collected (nothing left to watch) — or the
        // guard timer stops it.
        while exits.count < 3, try loop.runOnce() {}
        #expect(exits == ["seven": .exited(7), "zero": .exited(0), "sleeper": .signaled(.terminate)])
        #expect(reaper.runningPIDs.isEmpty)
    }

    @Test func collectedPIDsAreNeverSignalled() throws {
        let loop = EventLoop()
        let reaper = try ChildReaper(loop: loop, strategy: .spawnedChildren, logger: logger)
        var done = false
        let child = try reaper.spawn(ChildProcessSpec(executable: "/bin/true")) { _ in done = true }
        loop.schedule(after: .seconds(5)) { loop.stop() }
        while !done, try loop.runOnce() {}
        #expect(done)
        #expect(try reaper.send(.kill, to: child.pid) == false)
        #expect(try reaper.send(.kill, to: getpid()) == false, "not our child: refused")
    }

    @Test func outputPipeAndExitArriveTogether() throws {
        let loop = EventLoop()
        let reaper = try ChildReaper(loop: loop, strategy: .spawnedChildren, logger: logger)
        var status: TerminationStatus?
        let child = try reaper.spawn(
            ChildProcessSpec(
                executable: "/bin/sh", arguments: ["-c", "printf up; exit 3"], standardOutput: .pipe)
        ) { status = $0.status }
        let output = try #require(child.standardOutput)
        var collected: [UInt8] = []
        var eof = false
        loop.watch(output, for: .readable) { _ in
            if let chunk = try? output.read(upTo: 512) {
                if chunk.isEmpty { eof = true } else { collected += chunk }
            }
        }
        loop.schedule(after: .seconds(5)) { loop.stop() }
        while !(eof && status != nil), try loop.runOnce() {}
        output.closeQuietly()
        #expect(String(decoding: collected, as: UTF8.self) == "up")
        #expect(status == .exited(3))
    }
}
