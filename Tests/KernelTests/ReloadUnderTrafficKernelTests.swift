import LVSLab
import LVSTestKit
import Testing

/// `lvsctl reload` while the client sends requests without pause: a real server added, weights
/// changed, the health checks changed (every nanny restarted), a real server drained (weight 0)
/// and then removed; not one request is lost.
///
/// The real server is drained before it is removed, as an admin would: lvsd deletes a removed
/// server from the table at once, and Linux then drops every further packet of the connections
/// still open to it (`expire_nodest_conn = 0`), so a request in flight there stalls. Measured in
/// the guest: a connection open across `ipvsadm -d` got no echo, one across a weight-0 edit did.
///
/// The scheduler stays the same on purpose: Linux (6.1) refuses new connections while it switches
/// a live service's scheduler (`ip_vs_edit_service` unbinds the old one and waits an RCU grace
/// period before binding the new one; a connection arriving meanwhile finds no scheduler and gets
/// ICMP port unreachable). Measured in the guest with `ipvsadm -E` alone: 10 connections refused
/// of 327 across 20 switches; weight edits in the same run lost none.
@Suite(.kernelLayer, .serialized)
struct ReloadUnderTrafficKernelTests {
    static func plan(_ members: [LabService.Member], reentry: Int = 4) -> LabPlan {
        var plan = LabPlan(
            tag: "krl", hasBackup: false,
            services: [
                LabService(name: "web", vip: LabPlan.vips[0], device: "eth0:1", scheduler: "wrr", members: members)
            ])
        plan.reentry = reentry
        return plan
    }

    @Test func reloadsUnderSteadyTrafficLoseNoRequest() throws {
        let first = Self.plan([.init("rs1"), .init("rs2"), .init("rs3", active: false)])
        let restarted = ["rs1", "rs2", "rs3"].map { "reload: check settings of real server \($0) (" }
        // What the table must show after each reload (every member; "at weight 0" when drained),
        // and what lvsd must have logged.
        let reloads: [(plan: LabPlan, members: [String], logged: [String], what: String)] = [
            (
                Self.plan([.init("rs1", weight: 2), .init("rs2"), .init("rs3")]), ["rs1", "rs2", "rs3"], [],
                "rs3 added, rs1's weight 2"
            ),
            (
                Self.plan([.init("rs1", weight: 2), .init("rs2"), .init("rs3")], reentry: 6), ["rs1", "rs2", "rs3"],
                restarted,
                "reentry 6 s: every nanny restarted"
            ),
            (
                Self.plan([.init("rs1", weight: 0), .init("rs2"), .init("rs3")], reentry: 6),
                ["rs1 at weight 0", "rs2", "rs3"], [],
                "rs1 drained (weight 0)"
            ),
            (Self.plan([.init("rs2"), .init("rs3")], reentry: 6), ["rs2", "rs3"], [], "rs1 removed"),
        ]
        let lab = try Lab(plan: first)
        defer { lab.tearDown() }
        try lab.startDirectors()
        try lab.waitUntilServing(.primary, timeout: .seconds(60))
        let primary = lab.director(.primary)
        let web = first.services[0]

        let probe = AvailabilityProbe(
            client: lab.client, address: web.vip, interval: .milliseconds(50), timeout: .seconds(3))
        probe.start()
        var record: ProbeRecord?
        defer { if record == nil { _ = try? probe.stop() } }
        try lab.wait("steady answers", timeout: .seconds(10)) {
            probe.answerTimes.count >= 10 ? nil : "\(probe.answerTimes.count) so far"
        }

        var applied: [Duration] = []
        for reload in reloads {
            try lab.writeConfig(reload.plan)
            let asked = ContinuousClock.now
            let result = try primary.lvsctl(["reload"])
            #expect(
                result.exitCode == 0,
                "lvsctl reload (\(reload.what)): \(result.status): \(result.output)\(result.error)")
            try lab.wait("the reload applied (\(reload.what))", timeout: .seconds(20)) {
                guard let entry = try? primary.tableEntry(of: web, plan: reload.plan) else {
                    return "web not in the table"
                }
                let members = entry.members.map { $0.weight > 0 ? $0.server : "\($0.server) at weight 0" }.sorted()
                guard members == reload.members else { return "\(members)" }
                let log = primary.log
                return reload.logged.first { !log.contains($0) }.map { "not logged yet: \($0)" }
            }
            applied.append(ContinuousClock.now - asked)
            // Keep the traffic going over the new table (and, after a nanny restart, its first checks),
            // until no connection is open to a drained server.
            let mark = ContinuousClock.now
            try lab.wait("answers after the reload", timeout: .seconds(10)) {
                guard probe.answerTimes.filter({ $0 > mark }).count >= 30 else { return "not yet" }
                let open = (try? primary.tableEntry(of: web, plan: reload.plan))?.members.filter {
                    $0.weight == 0 && $0.activeConnections > 0
                }
                return open?.isEmpty == false ? "connections open to \(open!.map(\.server))" : nil
            }
        }
        let finished = try probe.stop()
        record = finished
        #expect(finished.unanswered == 0, "\(finished.failureReasons.map { "\($0.reason) ×\($0.count)" })")
        #expect(finished.answered >= 50)
        #expect(Set(finished.answersByServer.keys) == ["rs1", "rs2", "rs3"], "\(finished.answersByServer)")
        #expect(primary.log.contains("reload"), "\(primary.logTail(40))")
        print(
            "reload kernel figure: \(finished.answered) requests during \(reloads.count) reloads, \(finished.unanswered) lost; reloads applied after \(applied.map(\.labText).joined(separator: " and ")); longest silence \(finished.longestSilenceDuration.labText)"
        )
        #expect(try primary.stop()?.exitCode == 0)
    }
}
