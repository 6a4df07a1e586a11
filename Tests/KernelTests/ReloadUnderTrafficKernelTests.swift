import LVSLab
import LVSTestKit
import Testing

/// `lvsctl reload` while the client sends requests without pause: services change (scheduler,
/// a real server added, weights, a real server removed) and not one request is lost.
@Suite(.kernelLayer, .serialized)
struct ReloadUnderTrafficKernelTests {
    static func plan(_ members: [LabService.Member], scheduler: String) -> LabPlan {
        LabPlan(
            tag: "krl", hasBackup: false,
            services: [LabService(name: "web", vip: LabPlan.vips[0], device: "eth0:1", scheduler: scheduler, members: members)])
    }

    @Test func reloadsUnderSteadyTrafficLoseNoRequest() throws {
        let first = Self.plan([.init("rs1"), .init("rs2"), .init("rs3", active: false)], scheduler: "rr")
        let second = Self.plan([.init("rs1", weight: 2), .init("rs2"), .init("rs3")], scheduler: "wrr")
        let third = Self.plan([.init("rs2"), .init("rs3")], scheduler: "wrr")
        let lab = try Lab(plan: first)
        defer { lab.tearDown() }
        try lab.startDirectors()
        try lab.waitUntilServing(.primary, timeout: .seconds(60))
        let primary = lab.director(.primary)
        let web = first.services[0]

        let probe = AvailabilityProbe(client: lab.client, address: web.vip, interval: .milliseconds(50), timeout: .seconds(3))
        probe.start()
        var record: ProbeRecord?
        defer { if record == nil { _ = try? probe.stop() } }
        try lab.wait("steady answers", timeout: .seconds(10)) { probe.answerTimes.count >= 10 ? nil : "\(probe.answerTimes.count) so far" }

        var applied: [Duration] = []
        for (plan, wanted) in [(second, (["rs1", "rs2", "rs3"], "wrr")), (third, (["rs2", "rs3"], "wrr"))] {
            try lab.writeConfig(plan)
            let asked = ContinuousClock.now
            let result = try primary.lvsctl(["reload"])
            #expect(result.exitCode == 0, "lvsctl reload: \(result.status): \(result.output)\(result.error)")
            try lab.wait("the reload applied", timeout: .seconds(20)) {
                guard let entry = try? primary.tableEntry(of: web, plan: plan) else { return "web not in the table" }
                let members = entry.members.filter { $0.weight > 0 }.map(\.server).sorted()
                return members == wanted.0 && entry.scheduler == wanted.1 ? nil : "\(entry.scheduler) \(members)"
            }
            applied.append(ContinuousClock.now - asked)
            // Keep the traffic going over the new table for a while.
            let mark = ContinuousClock.now
            try lab.wait("answers after the reload", timeout: .seconds(10)) {
                probe.answerTimes.filter { $0 > mark }.count >= 20 ? nil : "not yet"
            }
        }
        let finished = try probe.stop()
        record = finished
        #expect(finished.unanswered == 0, "\(finished.failureReasons.map { "\($0.reason) ×\($0.count)" })")
        #expect(finished.answered >= 50)
        #expect(Set(finished.answersByServer.keys) == ["rs1", "rs2", "rs3"], "\(finished.answersByServer)")
        #expect(primary.log.contains("reload"), "\(primary.logTail(40))")
        print("reload kernel figure: \(finished.answered) requests during 2 reloads, \(finished.unanswered) lost; reloads applied after \(applied.map(\.labText).joined(separator: " and ")); longest silence \(finished.longestSilenceDuration.labText)")
        #expect(try primary.stop()?.exitCode == 0)
    }
}
