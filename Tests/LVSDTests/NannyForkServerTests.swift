import Foundation
import Glibc
import LVSTestKit
import Testing

/// lvsd forks its nannies from `nanny --fork-server` and adopts them; without the server (dead,
/// or `--nanny-exec`) it starts them with exec.
@Suite struct NannyForkServerTests {
    func commandLine(_ pid: pid_t) -> String {
        let raw = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        return raw.split(separator: "\0").joined(separator: " ")
    }

    func parent(_ pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let tail = stat.split(separator: ")").last
        else { return nil }
        return tail.split(separator: " ").dropFirst().first.flatMap { pid_t($0) }
    }

    /// Whether `pid` is gone or a zombie within `timeout`.
    func endsWithin(_ timeout: Duration, _ pid: pid_t) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return true }
            usleep(20_000)
        }
        return false
    }

    @Test func nanniesAreForkedAdoptedAndShowTheirOwnCommandLine() throws {
        try withScratch { scratch in
            let one = try LoopbackServer()
            let two = try LoopbackServer()
            let lvsd = try LVSDRun(scratch: scratch, config: loopbackConfig(ports: [one.port, two.port]))
            let nannies = try lvsd.waitForChildren(2)
            let server = try #require(lvsd.forkServer, "no fork server among lvsd's children:\n\(lvsd.log)")
            #expect(commandLine(server).hasSuffix("nanny --fork-server"))
            for pid in nannies {
                #expect(parent(pid) == lvsd.process.pid, "a forked nanny is lvsd's child")
                #expect(commandLine(pid).hasPrefix("nanny -c -h 127.0.0.1 -p 80 -r "), "\(commandLine(pid))")
            }
            try lvsd.waitForLine(containing: "real server rs2 (127.0.0.1:\(two.port)) of virtual www")

            // The server dies: running nannies carry on; the next nanny gets a new server.
            kill(server, SIGKILL)
            try lvsd.waitForLine(containing: "the nanny fork server killed by SIGKILL; starting it again")
            #expect(try lvsd.waitForChildren(2) == nannies)
            let mark = lvsd.lines.count
            kill(nannies[0], SIGKILL)
            try lvsd.waitForLine(containing: "started the nanny fork server", after: mark)
            let after = try lvsd.waitForChildren(2)
            #expect(Set(after) != Set(nannies))
            let newServer = try #require(lvsd.forkServer)
            #expect(newServer != server)
            for pid in after { #expect(parent(pid) == lvsd.process.pid) }

            lvsd.process.signal(SIGTERM)
            #expect(try lvsd.process.wait(timeout: .seconds(15)).exitCode == 0)
            #expect(endsWithin(.seconds(5), newServer), "the fork server ends with lvsd")
        }
    }

    @Test func nannyExecStartsEachNannyWithExec() throws {
        try withScratch { scratch in
            let one = try LoopbackServer()
            let lvsd = try LVSDRun(
                scratch: scratch, config: loopbackConfig(ports: [one.port]), extraArguments: ["--nanny-exec"])
            let nannies = try lvsd.waitForChildren(1)
            #expect(lvsd.forkServer == nil)
            #expect(commandLine(nannies[0]).contains("nanny -c -h 127.0.0.1"))
            lvsd.process.signal(SIGTERM)
            #expect(try lvsd.process.wait(timeout: .seconds(15)).exitCode == 0)
        }
    }
}
