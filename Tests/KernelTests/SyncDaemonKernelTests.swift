#if canImport(Glibc)
import Glibc
#endif
import LVSLab
import LVSTestKit
import Testing

/// `syncdaemon = 1`: the active director's IPVS sync daemon sends its connections to the backup
/// over the private network, so a long-lived TCP connection through the VIP keeps working when
/// the primary crashes and the backup takes over, and again when the primary comes back and the
/// admin fails back to it (`lvsctl failover`).
///
/// Warm standby is what makes both work: the standing-by director's lvsd has the services and
/// real servers in its table, so the connections its backup sync daemon receives are bound to
/// them (a backup without the destinations keeps them unbound), and a director that comes back
/// runs a backup sync daemon and fills its connection table before it is handed the VIPs.
@Suite(.kernelLayer, .serialized)
struct SyncDaemonKernelTests {
    static var plan: LabPlan {
        var plan = LabPlan.demo(tag: "ksy")
        plan.syncDaemon = true
        plan.echoServers = true
        plan.services = [
            LabService(
                name: "web", vip: LabPlan.vips[0], device: "eth0:1", members: ["rs1", "rs2", "rs3"].map { .init($0) }),
            LabService(
                name: "echo", vip: LabPlan.vips[0], device: "eth0:1", port: 7,
                members: ["rs1", "rs2", "rs3"].map { .init($0) }),
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
        #expect(
            synced?.destination == primaryEntry?.destination,
            "backup \(String(describing: synced)), primary \(String(describing: primaryEntry))")
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
        print(
            "sync-daemon kernel figure: the connection carried data again \(resumed.labText) after the primary crashed")

        // The primary comes back: a fresh host, which stands by with a backup sync daemon and its
        // own table, and receives the connection from the backup (now the master) as it carries data.
        try lab.restart(.primary)
        try lab.wait("the primary standing by with a ready table and a backup sync daemon", timeout: .seconds(60)) {
            guard let status = try? lab.director(.backup).status() else { return "the backup does not answer" }
            guard status.peerState == .inactive, status.peerTable?.state == "ready" else {
                return
                    "the backup sees the primary \(status.peerState), its table \(status.peerTable?.text ?? "unknown")"
            }
            let daemons = (try? lab.director(.primary).syncDaemons()) ?? []
            return daemons == ["backup on eth1 (syncid 7)"] ? nil : "the primary's sync daemons: \(daemons)"
        }
        var returned: IPVSConnectionEntry?
        var exchanges = 0
        try lab.wait("the connection in the returned primary's table", timeout: .seconds(30)) {
            exchanges += 1
            do {
                try connection.exchange("while the primary is back \(exchanges)", timeout: .seconds(5))
            } catch {
                return "\(error)"
            }
            usleep(100_000)
            returned = (try? lab.director(.primary).connections())?.first { $0.clientPort == connection.localPort }
            return returned == nil ? "not yet (\(exchanges) exchanges)" : nil
        }
        #expect(returned?.destination == synced?.destination)

        let failback = try lab.director(.backup).lvsctl(["failover"])
        #expect(failback.exitCode == 0, "\(failback.output)\(failback.error)")
        let asked = ContinuousClock.now
        try lab.wait("the primary active again", timeout: .seconds(10)) {
            (try? lab.director(.primary).status())?.state == .active ? nil : "not yet"
        }
        try connection.exchange("after the failback", timeout: .seconds(30))
        let again = ContinuousClock.now - asked
        for i in 1...5 { try connection.exchange("after the failback \(i)", timeout: .seconds(5)) }
        let back = try lab.director(.primary).connections().first { $0.clientPort == connection.localPort }
        #expect(back?.destination == synced?.destination)
        #expect(back?.state == "ESTABLISHED")
        #expect(try lab.director(.primary).syncDaemons() == ["master on eth1 (syncid 7)"])
        print(
            "sync-daemon kernel figure: the connection carried data again \(again.labText) after lvsctl failover back to the primary"
        )
        connection.close()
    }
}
