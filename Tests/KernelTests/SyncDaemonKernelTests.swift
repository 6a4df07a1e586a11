import LVSLab
import LVSTestKit
import Testing

/// `syncdaemon = 1`: the active director's IPVS sync daemon sends its connections to the backup
/// over the private network, so a long-lived TCP connection through the VIP keeps working when
/// the primary crashes and the backup takes over.
///
/// The client sends its next line once the backup's lvsd has set the echo service up. A segment
/// that arrives earlier, between the VIP coming up on the backup and lvsd adding the service,
/// meets a kernel with no IPVS hooks (since Linux 5.9 they are registered only while a service
/// exists), so the backup's own stack answers it with a reset: pulse brings the VIPs up before
/// lvsd has programmed the table (reported; see the demo's "table complete" figures).
@Suite(.kernelLayer, .serialized)
struct SyncDaemonKernelTests {
    static var plan: LabPlan {
        var plan = LabPlan.demo(tag: "ksy")
        plan.syncDaemon = true
        plan.echoServers = true
        plan.services = [
            LabService(name: "web", vip: LabPlan.vips[0], device: "eth0:1", members: ["rs1", "rs2", "rs3"].map { .init($0) }),
            LabService(name: "echo", vip: LabPlan.vips[0], device: "eth0:1", port: 7, members: ["rs1", "rs2", "rs3"].map { .init($0) }),
        ]
        return plan
    }

    @Test func aLongLivedConnectionKeepsWorkingAcrossAFailover() throws {
        let plan = Self.plan
        let lab = try Lab(plan: plan)
        defer { lab.tearDown() }
        try lab.startDirectors()
        try lab.waitUntilServing(.primary, timeout: .seconds(60))
        try lab.wait("the sync daemons: master on the primary, backup on the backup", timeout: .seconds(10)) {
            let primary = (try? lab.director(.primary).syncDaemons()) ?? []
            let backup = (try? lab.director(.backup).syncDaemons()) ?? []
            if primary == ["master on eth1 (syncid 7)"], backup == ["backup on eth1 (syncid 7)"] { return nil }
            return "primary \(primary), backup \(backup)"
        }

        let connection = try EchoConnection(from: lab.client, to: LabPlan.vips[0], port: 7)
        for i in 1...5 { try connection.exchange("before the failover \(i)", timeout: .seconds(5)) }
        // The primary syncs a connection after its third packet, in batches (about every 2 s).
        var synced: IPVSConnectionEntry?
        try lab.wait("the connection in the backup's table", timeout: .seconds(15)) {
            synced = (try? lab.director(.backup).connections())?.first { $0.clientPort == connection.localPort }
            return synced == nil ? "not yet" : nil
        }
        let primaryEntry = try lab.director(.primary).connections().first { $0.clientPort == connection.localPort }
        #expect(synced?.destination == primaryEntry?.destination, "backup \(String(describing: synced)), primary \(String(describing: primaryEntry))")
        #expect(synced?.virtualAddress == LabPlan.vips[0])
        #expect(synced?.virtualPort == 7)

        let crashed = ContinuousClock.now
        try lab.crash(.primary)
        try lab.wait("the backup serving the echo service", timeout: .seconds(30)) {
            guard (try? lab.director(.backup).status())?.state == .active else { return "the backup is not active" }
            let members = try? lab.director(.backup).tableMembers(of: plan.services[1], plan: plan)
            return members == ["rs1", "rs2", "rs3"] ? nil : "echo in the backup's table: \(members ?? [])"
        }
        try connection.exchange("after the takeover", timeout: .seconds(30))
        let resumed = ContinuousClock.now - crashed
        for i in 1...5 { try connection.exchange("after the failover \(i)", timeout: .seconds(5)) }
        #expect(try lab.director(.backup).status().state == .active)
        let after = try lab.director(.backup).connections().first { $0.clientPort == connection.localPort }
        #expect(after?.destination == synced?.destination)
        #expect(after?.state == "ESTABLISHED")
        #expect(try lab.director(.backup).syncDaemons() == ["master on eth1 (syncid 7)"])
        print("sync-daemon kernel figure: the connection carried data again \(resumed.labText) after the primary crashed")
        connection.close()
    }
}
