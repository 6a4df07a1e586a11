import LVSTestKit
import Testing

/// `scripts/vm run` on a kernel that has IPVS (as the guest's has): the command runs in a fresh
/// network namespace with lo up, its status and output come back, and the namespace goes away.
@Suite(.kernelLayer)
struct VMRunnerNamespaceTests {
    @Test func commandRunsInAFreshNamespaceThatIsRemovedAfterwards() throws {
        let vm = try TestEnvironment.script("vm")
        let script =
            "ip netns identify $$; ipvsadm -A -t 10.0.4.1:80 -s rr && ipvsadm -S -n; cat /sys/class/net/lo/flags; exit 4"
        let result = try TestProcess.run(vm, ["run", "--", "/bin/sh", "-c", script], timeout: .seconds(120))
        #expect(result.exitCode == 4, "stderr: \(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "output: \(result.output)")
        let namespace = lines[0]
        #expect(namespace.hasPrefix("lvsvm"))
        #expect(lines[1] == "-A -t 10.0.4.1:80 -s rr")
        #expect(lines[2] == "0x9", "lo flags: IFF_UP|IFF_LOOPBACK")
        #expect(result.error.contains("running the command in network namespace \(namespace) instead of a guest"))

        let namespaces = try TestProcess.run("ip", ["netns", "list"]).output
        #expect(!namespaces.contains(namespace), "\(namespace) is left over")
        let ownTable = try TestProcess.run("ipvsadm", ["-S", "-n"]).output
        #expect(!ownTable.contains("10.0.4.1:80"))
    }

    @Test func aCommandOutlivingItsTimeoutIsKilledWithStatus125() throws {
        let vm = try TestEnvironment.script("vm")
        let start = ContinuousClock.now
        let result = try TestProcess.run(vm, ["run", "--timeout", "2", "--", "sleep", "60"], timeout: .seconds(60))
        #expect(result.exitCode == 125)
        #expect(result.error.contains("did not finish within 2 s"), "stderr: \(result.error)")
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(!(try TestProcess.run("ip", ["netns", "list"]).output.contains("lvsvm")), "a namespace is left over")
    }
}
