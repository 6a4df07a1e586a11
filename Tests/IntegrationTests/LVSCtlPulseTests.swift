#if canImport(Glibc)
import Glibc
#endif
import Control
import Foundation
import LVSTestKit
import Testing

/// lvsctl against two real pulses: status for people and for scripts, failover and takeover.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct LVSCtlPulseTests {
    func lvsctl(_ lab: FailoverLab, _ node: String, _ arguments: [String]) throws -> TestProcessResult {
        try TestProcess.run(
            TestEnvironment.product("lvsctl"),
            arguments + [
                "--pulse-socket", lab.controlSocket(node), "--lvsd-socket", lab.runtimeDirectory(node) + "/lvsd.sock",
            ],
            timeout: .seconds(20))
    }

    @Test func statusShowsBothDirectorsFromEitherSide() throws {
        let lab = try FailoverLab.settled()
        let active = try lvsctl(lab, "d1", ["status"])
        #expect(active.exitCode == 0, "\(active.error)")
        let lines = active.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "this director  10.70.0.1  primary  active")
        #expect(lines.dropFirst().first == "peer           10.70.0.2  backup   inactive")
        #expect(lines.contains("  VIPs held here: 10.70.0.100/24 on eth0:1"))
        #expect(
            lines.contains { $0.hasPrefix("  last heartbeat: public ") && $0.contains(" from 10.70.0.2, private ") })
        #expect(lines.contains("  lvsd: not started: pulse runs with --norun (test start)"))
        #expect(lines.contains("Virtual services: lvsd not started: pulse runs with --norun (test start)"))

        let standby = try lvsctl(lab, "d2", ["status"])
        #expect(standby.exitCode == 0)
        #expect(
            standby.output.contains(
                "Virtual services: lvsd does not run on an inactive director: the services are served by the peer 10.70.0.1 (active)"
            ))

        let json = try lvsctl(lab, "d2", ["status", "--json"])
        #expect(json.exitCode == 0)
        struct Report: Decodable {
            var pulse: PulseStatus
            var lvsd: LVSDStatus?
            var lvsdNote: String?
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(json.output.utf8))
        #expect(report.pulse.role == .backup && report.pulse.state == .inactive && report.pulse.peerState == .active)
        #expect(report.pulse.heartbeatPaths.map(\.peerAddress) == ["10.70.0.1", "10.71.0.1"])
        #expect(report.lvsd == nil && report.lvsdNote?.contains("served by the peer 10.70.0.1") == true)
    }

    @Test func failoverAndTakeoverThroughLVSCtl() throws {
        let lab = try FailoverLab.settled()
        let refused = try lvsctl(lab, "d2", ["failover"])
        #expect(refused.exitCode == 1)
        #expect(refused.error == "lvsctl: pulse: this node is not active (it is inactive)\n")
        let failover = try lvsctl(lab, "d1", ["failover"])
        #expect(failover.exitCode == 0)
        // The partner runs without lvsd (--norun): its table is not reported, and it takes the VIPs at once.
        #expect(
            failover.output.hasPrefix("handing over: the partner takes the VIPs, then this node lets go"),
            "\(failover.output)")
        #expect(eventually { lab.holders == ["d2"] })
        let takeover = try lvsctl(lab, "d1", ["takeover"])
        #expect(takeover.exitCode == 0, "\(takeover.error)")
        #expect(takeover.output.hasPrefix("asked the partner to hand over"))
        #expect(eventually { lab.holders == ["d1"] })
    }

    @Test func drainOnTheInactiveDirectorSaysWhereToRunIt() throws {
        let lab = try FailoverLab.settled()
        let result = try lvsctl(lab, "d2", ["drain", "10.70.0.50"])
        #expect(result.exitCode == 1)
        #expect(
            result.error == "lvsctl: lvsd is not running (no socket at \(lab.runtimeDirectory("d2"))/lvsd.sock); this "
                + "director is inactive: run the command on the active director (the peer 10.70.0.1 is active)\n")
    }
}
