import DaemonSupport
import HealthCheck
import LVSTestKit
import Testing

/// nanny's load-based weights against real servers: lab namespaces, each with Debian's sshd and
/// its own /proc/loadavg, queried by the real ssh client through nanny's `-U`.
@Suite(.serialized) struct LoadMonitorHostTests {
    func weights(_ nanny: NannyProcess, from index: Int = 0) -> [Int] {
        nanny.reportList.dropFirst(index).compactMap { if case .weight(let w) = $0 { w } else { nil } }
    }

    func isDown(_ report: NannyReport) -> Bool { if case .down = report { true } else { false } }

    /// The lab: a director and three real servers on one bridge, each server with a web answer
    /// on port 80 (what nanny checks) and sshd on port 22 (what it asks for the load).
    func lab() throws -> NetworkLab {
        var hosts = [
            NetworkTopology.Host(
                name: "director", interfaces: [.init(name: "eth0", bridge: "servers", addresses: ["10.77.0.1/24"])])
        ]
        for n in 1...3 {
            hosts.append(
                .init(
                    name: "rs\(n)",
                    interfaces: [.init(name: "eth0", bridge: "servers", addresses: ["10.77.0.1\(n)/24"])]))
        }
        return try NetworkLab(tag: "ld", topology: NetworkTopology(bridges: ["servers"], hosts: hosts))
    }

    func web(_ lab: NetworkLab, _ host: String) throws -> TestProcess {
        try lab[host].start(["socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo HTTP/1.0 200 OK"])
    }

    func nanny(_ harness: CheckHarness, _ lab: NetworkLab, _ address: String, keys: SSHTestKeys, timeout: String = "2")
        throws -> NannyProcess
    {
        try NannyProcess(
            harness,
            arguments: [
                // A banner check (no request), so the answer never races an unread request.
                "-h", address, "-p", "80", "-x", "HTTP", "-t", timeout, "-a", "1", "-w", "10", "-S", "4",
                "--slow-start", "0",
                "-U", keys.sshWrapper, "--load-period", "0.5",
            ], launcher: ["/usr/sbin/ip", "netns", "exec", lab["director"].name])
    }

    @Test(
        .enabled(if: TestEnvironment.hostTestsEnabled, "needs root: network and mount namespaces, sshd"),
        .timeLimit(.minutes(2)))
    func weightsFollowEachServersLoadAndAFailedQueryKeepsTheWeight() throws {
        let lab = try lab()
        defer { lab.tearDown() }
        let keys = try SSHTestKeys()
        defer { keys.remove() }
        let webs = try ["rs1", "rs2"].map { try web(lab, $0) }
        defer { for web in webs { _ = web.terminate() } }
        let idle = try SSHTestServer(namespace: lab["rs1"], address: "10.77.0.11", keys: keys, load: 0.0)
        let busy = try SSHTestServer(namespace: lab["rs2"], address: "10.77.0.12", keys: keys, load: 5.0)
        defer { idle.stop(); busy.stop() }

        let harness = try CheckHarness()
        let n1 = try nanny(harness, lab, idle.address, keys: keys)
        let n2 = try nanny(harness, lab, busy.address, keys: keys)
        defer { n1.stop(); n2.stop() }

        // The idle server climbs from 10 by 5 per period to 4 × 10; the busy one stays at 10.
        let top = try #require(
            n1.waitForReport(timeout: .seconds(30)) { $0 == .weight(40) },
            "rs1 weights \(weights(n1)); log \(n1.syslogLines)")
        #expect(weights(n1) == [15, 20, 25, 30, 35, 40])
        #expect(weights(n2) == [], "rs2 log \(n2.syslogLines)")
        #expect(n2.syslogLines.allSatisfy { !$0.contains("load query") }, "\(n2.syslogLines)")

        // Load on rs1: down by 5 · ∛8 = 10 per period to the configured 10. rs2 goes idle.
        try idle.setLoad(9.0)
        try busy.setLoad(0.0)
        #expect(n1.waitForReport(after: top + 1, timeout: .seconds(20)) { $0 == .weight(10) } != nil)
        #expect(weights(n1, from: top + 1) == [30, 20, 10])
        let rose = try #require(n2.waitForReport(timeout: .seconds(20)) { $0 == .weight(20) })

        // rs2's sshd stops: the query fails, the weight stays, the server stays up.
        busy.stop()
        let warning = try #require(n2.waitForLog(containing: "keeping weight", timeout: .seconds(20)))
        #expect(
            warning.contains(
                "10.77.0.12:80: load query \"\(keys.sshWrapper) -o BatchMode=yes -o ConnectTimeout=2 10.77.0.12 uptime\" exited with status 255; keeping weight"
            ))
        run(harness.loop, for: .seconds(2))
        #expect(!n2.reportList.contains(where: isDown), "\(n2.reportList)")
        let after = weights(n2, from: rose + 1)
        #expect(after.isEmpty || after.allSatisfy { $0 >= 20 }, "\(after)")
        #expect(n2.exitStatus == nil && n1.exitStatus == nil)
        #expect(n1.decodeErrors.isEmpty && n2.decodeErrors.isEmpty)
    }

    @Test(
        .enabled(if: TestEnvironment.hostTestsEnabled, "needs root: network and mount namespaces, sshd"),
        .timeLimit(.minutes(1)))
    func aHangingQueryIsKilledAtTheTimeoutAndTheServerStaysUp() throws {
        let lab = try lab()
        defer { lab.tearDown() }
        let keys = try SSHTestKeys()
        defer { keys.remove() }
        let site = try web(lab, "rs3")
        defer { _ = site.terminate() }
        let stalled = try SSHTestServer(
            namespace: lab["rs3"], address: "10.77.0.13", keys: keys, load: 0.0, stallFor: 30)
        defer { stalled.stop() }

        let harness = try CheckHarness()
        let n3 = try nanny(harness, lab, stalled.address, keys: keys, timeout: "1")
        defer { n3.stop() }
        let killed = try #require(
            n3.waitForLog(containing: "did not finish within 1 s and was killed", timeout: .seconds(20)),
            "\(n3.syslogLines)")
        #expect(
            killed.contains(
                "10.77.0.13:80: load query \"\(keys.sshWrapper) -o BatchMode=yes -o ConnectTimeout=1 10.77.0.13 uptime\""
            ))
        #expect(killed.hasSuffix("keeping weight 10"))
        #expect(n3.reportList.contains { if case .up(10, _) = $0 { true } else { false } }, "\(n3.reportList)")
        #expect(!n3.reportList.contains(where: isDown) && weights(n3).isEmpty, "\(n3.reportList)")
    }
}
