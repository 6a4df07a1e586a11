import Addressing
import Control
import Foundation
import Glibc
import IPVS
import LVSTestKit
import Testing

/// lvsd against real IPVS: real HTTP servers in namespaces, real nannies, the kernel's table
/// read every 10 ms.
@Suite(.kernelLayer, .serialized)
struct LVSDKernelTests {
    @Test func killedServerLeavesWithinTimeoutPlusOneSecondAndReturnsAfterReentry() throws {
        let lab = try DirectorLab(tag: "kld")
        try lab.writeConfig(DirectorLab.config(reentry: 3))
        try lab.startLVSD()
        try lab.wait("both real servers in the table", timeout: .seconds(30)) {
            lab.destinations() == ["10.0.1.10=1", "10.0.1.11=1"]
        }

        lab.stopServer("rs1")
        let gone = try lab.wait("rs1 out of the table", timeout: .seconds(10)) { lab.destinations() == ["10.0.1.11=1"] }
        #expect(gone <= .seconds(2), "timeout (1 s) + 1 s; took \(gone)")
        print("lvsd kernel figure: killed server out of the table after \(gone)")

        // Timed from before the server starts: its checks cannot pass any earlier.
        let restarted = ContinuousClock.now
        try lab.startServer("rs1")
        try lab.wait("rs1 back in the table", timeout: .seconds(15)) {
            lab.destinations() == ["10.0.1.10=1", "10.0.1.11=1"]
        }
        let back = ContinuousClock.now - restarted
        // It must pass checks for the whole reentry time (3 s), then is added at the next check.
        #expect(back >= .seconds(3), "returned after \(back), before reentry")
        #expect(back <= .seconds(8), "returned after \(back)")
        print("lvsd kernel figure: restarted server back in the table after \(back) (reentry 3 s)")

        let (status, log) = try lab.stopLVSD()
        #expect(status == 0)
        #expect(log.contains("real server rs1 (10.0.1.10:80) of virtual www (TCP 10.0.0.100:80) is down"))
        // SIGTERM without --keep-table removes what lvsd made.
        #expect(lab.destinations() == nil)
    }

    @Test func allDownBringsTheSorryServerAndOneBackTakesItOutWithoutAnEmptyMoment() throws {
        let lab = try DirectorLab(tag: "ksy")
        try lab.writeConfig(DirectorLab.config(reentry: 2, extra: "sorry_server = 10.0.1.20"))
        try lab.startLVSD()
        try lab.wait("both real servers in, sorry server out", timeout: .seconds(30)) {
            lab.destinations() == ["10.0.1.10=1", "10.0.1.11=1"]
        }

        var samples: [[String]] = []
        lab.stopServer("rs1")
        lab.stopServer("rs2")
        try lab.wait("only the sorry server", timeout: .seconds(10)) {
            let now = lab.destinations() ?? []
            samples.append(now)
            return now == ["10.0.1.20=1"]
        }
        try lab.startServer("rs2")
        try lab.wait("rs2 back, sorry server out", timeout: .seconds(15)) {
            let now = lab.destinations() ?? []
            samples.append(now)
            return now == ["10.0.1.11=1"]
        }
        // The swap happens in one batch each way: at no sample was the service empty.
        #expect(!samples.contains([]), "empty table seen in \(samples.count) samples")
        #expect(try lab.stopLVSD().status == 0)
    }

    @Test func reloadWithANewSchedulerEditsInPlaceAndKeepsCounters() throws {
        let lab = try DirectorLab(tag: "krl")
        let path = try lab.writeConfig(DirectorLab.config(scheduler: "wlc"))
        try lab.startLVSD()
        try lab.wait("both real servers in the table", timeout: .seconds(30)) {
            lab.destinations() == ["10.0.1.10=1", "10.0.1.11=1"]
        }
        try lab.sendTraffic(count: 6)
        // The estimator publishes counters every 2 s.
        try lab.wait("connections counted", timeout: .seconds(10)) {
            ((try? lab.table.service(DirectorLab.service))?.statistics?.connections ?? 0) >= 6
        }
        let before = try lab.table.destinations(of: DirectorLab.service)
        let counted = before.map { $0.statistics?.connections ?? 0 }
        #expect(counted.reduce(0, +) >= 6)
        // lvsd's status (lvsctl status --json, lvsweb, /metrics) carries the kernel's counters.
        let status = try #require(
            try ControlClient(path: lab.scratch + "/run/lvsd.sock", daemon: "lvsd").send(LVSDRequest.status).result)
        let service = try #require(status.services.first)
        #expect((service.traffic?.connections ?? 0) >= 6, "\(String(describing: service.traffic))")
        #expect(service.realServers.compactMap { $0.traffic?.connections }.reduce(0, +) >= 6)
        #expect(service.realServers.allSatisfy { $0.activeConnections != nil && $0.inactiveConnections != nil })
        #expect(service.realServers.allSatisfy { ($0.lastCheck?.duration ?? -1) >= 0 }, "nannies report check times")

        try lab.writeConfig(DirectorLab.config(scheduler: "rr"))
        lab.lvsd?.signal(SIGHUP)
        try lab.wait("the kernel shows rr", timeout: .seconds(10)) {
            (try? lab.table.service(DirectorLab.service))?.scheduler == .roundRobin
        }
        let after = try lab.table.destinations(of: DirectorLab.service)
        #expect(after.map(\.identity) == before.map(\.identity))
        for (old, new) in zip(before, after) {
            #expect(
                (new.statistics?.connections ?? 0) >= (old.statistics?.connections ?? 0),
                "\(new.identity) lost its counters")
        }
        #expect(((try lab.table.service(DirectorLab.service)).statistics?.connections ?? 0) >= 6)
        #expect(lab.log.contains("editing virtual www (TCP 10.0.0.100:80) in place (scheduler rr)"))
        #expect(!lab.log.contains("deleting virtual www"))
        _ = path
        #expect(try lab.stopLVSD().status == 0)
    }

    @Test func reloadWithABrokenFileLeavesTheTableAndLogsTheLine() throws {
        let lab = try DirectorLab(tag: "kbr")
        let path = try lab.writeConfig(DirectorLab.config())
        try lab.startLVSD()
        try lab.wait("both real servers in the table", timeout: .seconds(30)) {
            lab.destinations() == ["10.0.1.10=1", "10.0.1.11=1"]
        }
        let service = try lab.table.service(DirectorLab.service).configuration
        // Line 8 gets a scheduler nobody has.
        try lab.writeConfig(DirectorLab.config(scheduler: "fastest"))
        lab.lvsd?.signal(SIGHUP)
        try lab.wait("the rejection in the log", timeout: .seconds(10)) { lab.log.contains("reload rejected") }
        #expect(lab.log.contains("\(path):8:"))
        #expect(lab.log.contains("reload rejected: \(path) has 1 error; the running configuration stays"))
        usleep(500_000)
        #expect(try lab.table.service(DirectorLab.service).configuration == service)
        #expect(lab.destinations() == ["10.0.1.10=1", "10.0.1.11=1"])
        #expect(try lab.stopLVSD().status == 0)
    }

    @Test func restartWithKeepTableNeverLeavesTheTableWithoutTheService() throws {
        let lab = try DirectorLab(tag: "krs")
        try lab.writeConfig(DirectorLab.config())
        // A service lvsd does not own: never touched.
        try lab.director.runChecked(["ipvsadm", "-A", "-t", "10.0.0.200:443", "-s", "rr"])
        try lab.director.runChecked(["ipvsadm", "-a", "-t", "10.0.0.200:443", "-r", "10.0.1.30:443", "-m", "-w", "4"])
        let foreign = IPVSServiceIdentity.address(.tcp, IPAddress("10.0.0.200")!, port: 443)

        try lab.startLVSD(["--keep-table"])
        try lab.wait("both real servers in the table", timeout: .seconds(30)) {
            lab.destinations() == ["10.0.1.10=1", "10.0.1.11=1"]
        }
        let firstLVSD = lab.lvsd!

        // Sample every 10 ms while lvsd stops (leaving the table) and a new one starts and settles.
        var samples: [[String]?] = []
        firstLVSD.signal(SIGTERM)
        var restarted = false
        var settledAt: ContinuousClock.Instant?
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            samples.append(lab.destinations())
            if !restarted && !firstLVSD.isRunning {
                #expect(try firstLVSD.wait().exitCode == 0)
                try lab.startLVSD()
                restarted = true
            }
            if restarted, settledAt == nil, lab.log.components(separatedBy: " is up (").count > 2 {
                settledAt = .now
            }
            // Keep sampling two more seconds after both nannies of the new lvsd reported.
            if let settledAt, ContinuousClock.now - settledAt > .seconds(2) { break }
            usleep(10_000)
        }
        #expect(settledAt != nil, "the new lvsd did not settle: \(lab.log)")
        #expect(samples.count > 100)
        print(
            "lvsd kernel figure: restart sampled \(samples.count) times every 10 ms; the service was complete in all of them: \(samples.allSatisfy { $0 == ["10.0.1.10=1", "10.0.1.11=1"] })"
        )
        #expect(
            samples.allSatisfy { $0 == ["10.0.1.10=1", "10.0.1.11=1"] },
            "\(Set(samples.map { "\($0 ?? ["no service"])" }))")
        // The new lvsd adopted the entries instead of re-adding them.
        #expect(
            lab.log.contains("adopting real server rs1 (10.0.1.10:80) of virtual www (TCP 10.0.0.100:80) at weight 1"))
        #expect(!lab.log.contains("adding virtual www"))
        #expect(!lab.log.contains("adding real server"))
        // lvs.cf's service matched the kernel's exactly: no edit either.
        #expect(!lab.log.contains("editing virtual www"))
        #expect(!lab.log.contains("setting real server"))

        // Stopping without --keep-table removes what lvsd made, and nothing else.
        #expect(try lab.stopLVSD().status == 0)
        #expect(lab.destinations() == nil)
        #expect(lab.destinations(of: foreign) == ["10.0.1.30=4"])
    }

    @Test func restartedLvsdDeletesAServiceItOwnedThatLvsCfNoLongerNames() throws {
        let lab = try DirectorLab(tag: "kow")
        try lab.writeConfig(DirectorLab.config())
        try lab.startLVSD(["--keep-table"])
        try lab.wait("www in the table", timeout: .seconds(30)) {
            lab.destinations() == ["10.0.1.10=1", "10.0.1.11=1"]
        }
        #expect(try lab.stopLVSD().status == 0)
        #expect(lab.destinations() != nil)
        let record = try String(contentsOfFile: lab.scratch + "/run/owned-services", encoding: .utf8)
        #expect(record.contains("TCP 10.0.0.100:80"))

        // lvs.cf now names another service (port 8080) only.
        try lab.writeConfig(DirectorLab.config().replacingOccurrences(of: "port = 80\n", with: "port = 8080\n"))
        try lab.startLVSD()
        let moved = IPVSServiceIdentity.address(.tcp, IPAddress("10.0.0.100")!, port: 8080)
        try lab.wait("the old service deleted", timeout: .seconds(20)) { lab.destinations() == nil }
        try lab.wait("the new service programmed", timeout: .seconds(20)) { lab.destinations(of: moved) != nil }
        #expect(
            lab.log.contains(
                "service TCP 10.0.0.100:80 was set up by an earlier lvsd and is no longer in lvs.cf; deleting it"))
        #expect(try lab.stopLVSD().status == 0)
        #expect(lab.destinations(of: moved) == nil)
        #expect(access(lab.scratch + "/run/owned-services", F_OK) != 0)
    }
}
