#if canImport(Glibc)
import Glibc
#endif
import Addressing
import IPVS
import LVSLab
import LVSTestKit
import Testing

/// Warm standby on real IPVS, in the demo's lab (NAT, two services, three real servers serving
/// HTTP): the backup keeps a table the same as the active director's, and lvsd killed on the
/// active director leaves the table serving while pulse starts it again, with no failover.
@Suite(.kernelLayer, .serialized)
struct WarmStandbyKernelTests {
    /// `service` in `client`'s table: each real server's name and weight; nil when absent.
    static func members(_ client: IPVSClient, _ service: LabService, _ plan: LabPlan) -> [String: Int]? {
        let identity = IPVSServiceIdentity.address(.tcp, IPAddress(service.vip)!, port: service.port)
        guard let destinations = try? client.destinations(of: identity) else { return nil }
        return Dictionary(
            uniqueKeysWithValues: destinations.map {
                (plan.server(at: "\($0.address)") ?? "\($0.address)", Int($0.weight))
            })
    }

    @Test func theBackupsTableMatchesTheActivesWhileItStandsBy() throws {
        let plan = LabPlan.demo(tag: "kws")
        let lab = try Lab(plan: plan)
        defer { lab.tearDown() }
        try lab.startDirectors()
        try lab.waitUntilServing(.primary, timeout: .seconds(60))
        try lab.wait("the backup's table complete", timeout: .seconds(30)) { lab.missingFromTable(.backup) }
        for service in plan.services {
            let active = try lab.director(.primary).tableEntry(of: service, plan: plan)
            let standby = try lab.director(.backup).tableEntry(of: service, plan: plan)
            #expect(active?.scheduler == service.scheduler && standby?.scheduler == service.scheduler)
            let strip = { (entry: LabTableEntry?) in
                entry?.members.map { "\($0.server) \($0.weight) \($0.forwarding)" }.sorted()
            }
            #expect(
                strip(active) == strip(standby),
                "\(service.name): primary \(strip(active) ?? []), backup \(strip(standby) ?? [])")
            #expect(strip(standby)?.count == 3)
        }
        #expect(try lab.director(.backup).status().virtualAddresses.isEmpty)

        // Both directors check the real servers: one that stops leaves both tables.
        lab.server("rs2").stopHTTP()
        try lab.wait("rs2 out of both tables", timeout: .seconds(15)) {
            for role in plan.directors {
                let members = try? lab.director(role).tableMembers(of: plan.services[0], plan: plan)
                if members != ["rs1", "rs3"] { return "web in the \(role)'s table: \(members ?? [])" }
            }
            return nil
        }
        try lab.server("rs2").startHTTP()
        try lab.wait("rs2 back in both tables", timeout: .seconds(20)) {
            plan.directors.compactMap { lab.missingFromTable($0) }.first
        }
    }

    @Test func lvsdKilledOnTheActiveDirectorLeavesTheTableServingAndComesBack() throws {
        let plan = LabPlan.demo(tag: "kwk")
        let lab = try Lab(plan: plan)
        defer { lab.tearDown() }
        try lab.startDirectors()
        try lab.waitUntilServing(.primary, timeout: .seconds(60))
        let primary = lab.director(.primary)
        let backup = lab.director(.backup)
        try lab.wait("the backup's table complete", timeout: .seconds(30)) { lab.missingFromTable(.backup) }
        let killed = try #require(try primary.lvsdPID())
        let table = try primary.ipvsClient()
        let probe = AvailabilityProbe(client: lab.client, address: plan.services[0].vip)
        probe.start()
        var samples = 0
        var gaps: [String] = []
        var backupStates: Set<String> = []
        var replacement: pid_t?
        let started = ContinuousClock.now
        #expect(kill(killed, SIGKILL) == 0)
        // Every 10 ms until the new lvsd has adopted the table and its checks are in (at most 30 s).
        while ContinuousClock.now - started < .seconds(30) {
            for service in plan.services {
                let members = Self.members(table, service, plan)
                if members == nil || members!.count != 3 || members!.values.contains(0) {
                    gaps.append(
                        "\(service.name) at \(ContinuousClock.now - started): \(members.map { "\($0)" } ?? "absent")")
                }
            }
            samples += 1
            if samples % 20 == 0 {
                backupStates.insert((try? backup.status().failoverState) ?? "?")
                if let pid = try? primary.lvsdPID(), pid != killed,
                    (try? backup.status().peerTable?.state) == "ready", ContinuousClock.now - started > .seconds(2)
                {
                    replacement = pid
                    break
                }
            }
            usleep(10_000)
        }
        let record = try probe.stop()
        print(
            "warm-standby kernel figure: the primary's table sampled \(samples) times every 10 ms while lvsd was killed and started again: complete in \(samples - gaps.count) of them"
        )
        #expect(gaps.isEmpty, "the table was not complete: \(gaps.prefix(5))")
        #expect(samples > 100)
        #expect(replacement != nil, "no new lvsd with a ready table within 30 s\n\(lab.logExcerpt())")
        #expect(backupStates == ["inactive"], "the backup was \(backupStates)")
        #expect(try primary.status().state == .active)
        #expect(
            record.unanswered == 0 && record.answered > 20,
            "\(record.unanswered) of \(record.answered + record.unanswered) requests unanswered")
        #expect(primary.log.contains("lvsd (PID \(killed)) killed by SIGKILL; starting it again in 0.5 seconds"))
        #expect(primary.log.contains("adopting"), "the new lvsd adopts what it finds")
    }
}
