import LVSTestKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct TestProcessTests {
    @Test func capturesOutputAndExitCode() throws {
        let result = try TestProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(result.status == .exited(3))
        #expect(result.output == "out\n")
        #expect(result.error == "err\n")
    }

    @Test func feedsStandardInput() throws {
        let result = try TestProcess.run("/bin/cat", [], standardInput: Array("hello\n".utf8))
        #expect(result.output == "hello\n")
    }

    @Test func childStartsWithAnEmptySignalMask() throws {
        let result = try TestProcess.run("/bin/sh", ["-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"])
        #expect(result.output.contains("SigBlk:\t0000000000000000"))
        // Signals 1-31 at their defaults; 32 and 33 are glibc's own and posix_spawn leaves them be.
        let ignored = result.output.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }
            .flatMap { UInt64($0.dropFirst("SigIgn:\t".count), radix: 16) }
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0)
    }

    @Test func killsAProcessThatOutlivesItsTimeout() throws {
        let start = ContinuousClock.now
        #expect(throws: LabError.self) {
            try TestProcess.run("/bin/sleep", ["30"], timeout: .milliseconds(200))
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func terminateStopsARunningProcess() throws {
        let process = try TestProcess("/bin/sleep", ["30"])
        #expect(process.isRunning)
        let result = process.terminate()
        #expect(result?.status == .signaled(15))
        #expect(!process.isRunning)
    }

    @Test func missingExecutableIsAnError() {
        #expect(throws: LabError.self) { try TestProcess("/nonexistent/program") }
    }
}

@Suite(.enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct NetworkLabTests {
    @Test func namespacesOnABridgeReachEachOther() throws {
        let lab = try NetworkLab(tag: "kit")
        let bridge = try lab.bridge("br0")
        let a = try lab.namespace("a")
        let b = try lab.namespace("b")
        try lab.connect(a, to: bridge, addresses: ["10.77.0.1/24"])
        try lab.connect(b, to: bridge, addresses: ["10.77.0.2/24"])
        let server = try b.start(["socat", "-u", "TCP-LISTEN:7007,bind=10.77.0.2,reuseaddr", "STDOUT"])
        defer { server.kill() }
        var sent = false
        for _ in 0..<100 where !sent {
            let r = try a.run(
                ["socat", "-u", "STDIN", "TCP:10.77.0.2:7007,connect-timeout=1"],
                standardInput: Array("ping\n".utf8), timeout: .seconds(5))
            sent = r.exitCode == 0
            if !sent { usleep(20_000) }
        }
        #expect(sent)
        try server.wait(timeout: .seconds(5))
        #expect(server.standardOutputText == "ping\n")
        let names = lab.prefix
        lab.tearDown()
        let left = try TestProcess.run("ip", ["netns", "list"]).output
        #expect(!left.contains(names))
    }

    @Test func directVethPair() throws {
        let lab = try NetworkLab(tag: "kit")
        let a = try lab.namespace("a")
        let b = try lab.namespace("b")
        try lab.connect(a, "p0", addresses: ["10.78.0.1/30"], to: b, "p1", addresses: ["10.78.0.2/30"])
        let out = try b.runChecked(["ip", "-o", "-4", "addr", "show", "dev", "p1"])
        #expect(out.contains("10.78.0.2/30"))
    }
}
