import Addressing
import Director
import IPVS
import Testing

/// SIGHUP by difference: what changes, what keeps its state, which nannies restart.
@Suite struct DirectorReloadTests {
    let clock = VirtualClock()

    /// A director on `before`, both servers up at full weight, with the table in sync.
    func running(_ before: String = wwwBlock) throws -> (Director, InMemoryIPVSTable) {
        var d = Director(configuration: config(lvsFile(before)), at: clock.now)
        var table = InMemoryIPVSTable()
        _ = d.start(adopting: IPVSSnapshot())
        _ = d.receive(.up(weight: 10, reason: "ok"), from: rs1, at: clock.now)
        _ = d.receive(.up(weight: 20, reason: "ok"), from: rs2, at: clock.now)
        try sync(d, &table)
        return (d, table)
    }

    @discardableResult
    func sync(_ d: Director, _ table: inout InMemoryIPVSTable) throws -> [IPVSOperation] {
        let plan = ReconcilePlan(target: d.target(), actual: try IPVSSnapshot.read(from: table), owned: d.ownedServices)
        for result in table.apply(plan.operations) { try result.get() }
        return plan.operations
    }

    func nannyActions(_ actions: [DirectorAction]) -> [String] {
        actions.compactMap {
            switch $0 {
            case .startNanny(let key, _): "start \(key.server)"
            case .stopNanny(let key): "stop \(key.server)"
            case .restartNanny(let key, _): "restart \(key.server)"
            default: nil
            }
        }
    }

    @Test func unchangedFileChangesNothing() throws {
        var (d, table) = try running()
        let before = d.records
        let actions = d.reload(config(lvsFile(wwwBlock)), at: clock.now)
        #expect(nannyActions(actions) == [])
        #expect(actions.logLines == [])
        #expect(d.records == before)
        #expect(try sync(d, &table) == [])
    }

    @Test func newSchedulerIsEditedInPlaceAndEverythingElseKeepsItsState() throws {
        var (d, table) = try running()
        let before = d.records
        let actions = d.reload(
            config(lvsFile(wwwBlock.replacing("scheduler = wlc", with: "scheduler = rr"))), at: clock.now)
        #expect(actions.logLines == ["reload: virtual www (TCP 192.0.2.10:80): scheduler wlc -> rr (edited in place)"])
        #expect(nannyActions(actions) == [])
        #expect(d.records == before)
        #expect(try sync(d, &table) == [.editService(IPVSService(identity: wwwIdentity, scheduler: .roundRobin))])
    }

    @Test func persistenceChangeIsEditedInPlace() throws {
        var (d, table) = try running()
        _ = d.reload(
            config(
                lvsFile(
                    wwwBlock.replacing(
                        "scheduler = wlc", with: "scheduler = wlc\npersistent = 300\npmask = 255.255.255.0"))),
            at: clock.now)
        var expected = IPVSService(identity: wwwIdentity)
        expected.flags = .persistent
        expected.persistenceTimeout = 300
        expected.netmask = .ipv4(IPv4Address(255, 255, 255, 0))
        #expect(try sync(d, &table) == [.editService(expected)])
    }

    @Test func weightChangeIsAppliedWithoutRestartingTheNanny() throws {
        var (d, table) = try running()
        let actions = d.reload(config(lvsFile(wwwBlock.replacing("weight = 10", with: "weight = 30"))), at: clock.now)
        #expect(nannyActions(actions) == [])
        #expect(
            actions.logLines.contains(
                "reload: weight of real server rs1 (10.0.1.10:80) of virtual www (TCP 192.0.2.10:80) changed from 10 to 30"
            ))
        // The nanny still reports its old full weight (10); full means lvs.cf's weight now.
        #expect(
            try sync(d, &table) == [
                .editDestination(
                    IPVSDestination(address: v4("10.0.1.10"), port: 80, forwarding: .masquerade, weight: 30),
                    service: wwwIdentity)
            ])
    }

    @Test func checkSettingsChangeRestartsOnlyThatServicesNanniesAndCarriesTheirWeights() throws {
        let two =
            wwwBlock + "\n" + """
                virtual mail {
                    active = 1
                    address = 192.0.2.11 eth0:2
                    port = 25
                    server m1 {
                        address = 10.0.2.10
                        active = 1
                    }
                }
                """
        var (d, table) = try running(two)
        let actions = d.reload(config(lvsFile(two.replacing("timeout = 6", with: "timeout = 3"))), at: clock.now)
        #expect(nannyActions(actions) == ["restart 10.0.1.10:80", "restart 10.0.1.11:80"])
        d.nannyRestarting(rs1)
        d.nannyRestarting(rs2)
        // The fresh nannies start low; the servers keep serving at their weights.
        _ = d.receive(.up(weight: 1, reason: "ok"), from: rs1, at: clock.now)
        #expect(try sync(d, &table) == [])
        #expect(d.targetWeight(of: rs1) == 10)
    }

    @Test func addedAndRemovedServersStartAndStopTheirNannies() throws {
        var (d, table) = try running()
        let changed = wwwBlock.replacing(
            """
                server rs2 {
                    address = 10.0.1.11
            """,
            with: """
                    server rs3 {
                        address = 10.0.1.12
                """)
        let actions = d.reload(config(lvsFile(changed)), at: clock.now)
        #expect(nannyActions(actions) == ["start 10.0.1.12:80", "stop 10.0.1.11:80"])
        #expect(d.records[rs2] == nil)
        // rs2 leaves the table; rs3 waits for its nanny.
        #expect(try sync(d, &table) == [.deleteDestination(rs2.server, service: wwwIdentity)])
    }

    @Test func deactivatedServerIsRemovedLikeADeletedOne() throws {
        var (d, table) = try running()
        let changed = wwwBlock.replacing(
            """
                    address = 10.0.1.11
                    active = 1
            """,
            with: """
                        address = 10.0.1.11
                        active = 0
                """)
        let actions = d.reload(config(lvsFile(changed)), at: clock.now)
        #expect(nannyActions(actions) == ["stop 10.0.1.11:80"])
        #expect(try sync(d, &table) == [.deleteDestination(rs2.server, service: wwwIdentity)])
    }

    @Test func removedServiceIsDeletedAndNewServiceAdded() throws {
        var (d, table) = try running()
        let moved = wwwBlock.replacing("port = 80", with: "port = 8080")
        let actions = d.reload(config(lvsFile(moved)), at: clock.now)
        #expect(
            nannyActions(actions) == [
                "start 10.0.1.10:8080", "start 10.0.1.11:8080", "stop 10.0.1.10:80", "stop 10.0.1.11:80",
            ])
        let newIdentity = IPVSServiceIdentity.address(.tcp, v4("192.0.2.10"), port: 8080)
        #expect(try sync(d, &table) == [.addService(IPVSService(identity: newIdentity)), .deleteService(wwwIdentity)])
        #expect(d.ownedServices.contains(wwwIdentity))
        d.observe(try IPVSSnapshot.read(from: table))
        #expect(d.ownedServices == [newIdentity])
    }

    @Test func drainEndsOnlyWhereTheReloadChangesTheServer() throws {
        var (d, _) = try running()
        _ = try d.drain(address: v4("10.0.1.10"), port: nil)
        _ = try d.drain(address: v4("10.0.1.11"), port: nil)
        _ = d.reload(config(lvsFile(wwwBlock.replacing("weight = 20", with: "weight = 25"))), at: clock.now)
        #expect(d.records[rs1]?.drained == true)
        #expect(d.records[rs2]?.drained == false)
    }

    @Test func forwardingAndQuiesceChangesAreLoggedAndApplied() throws {
        var (d, table) = try running()
        let globals = "primary = 192.0.2.1\nbackup = 192.0.2.2\nbackup_active = 1\nnetwork = direct\n"
        let actions = d.reload(
            config(globals + wwwBlock.replacing("reentry = 15", with: "reentry = 15\nquiesce_server = 1")),
            at: clock.now)
        #expect(
            actions.logLines == [
                "reload: virtual www (TCP 192.0.2.10:80): forwarding masquerade -> direct routing (real servers edited in place)",
                "reload: virtual www (TCP 192.0.2.10:80): quiesce_server 0 -> 1",
            ])
        // -M and -q are lvsd's business: the nannies keep running.
        #expect(nannyActions(actions) == [])
        let operations = try sync(d, &table)
        #expect(operations.count == 2)
        #expect(
            operations.allSatisfy {
                if case .editDestination(let dest, _) = $0 { dest.forwarding == .directRoute } else { false }
            })
    }

    @Test func quiesceAloneDoesNotRestartNannies() throws {
        var (d, _) = try running()
        let actions = d.reload(
            config(lvsFile(wwwBlock.replacing("reentry = 15", with: "reentry = 15\nquiesce_server = 1"))), at: clock.now
        )
        #expect(nannyActions(actions) == [])
    }

    @Test func countersSurviveAnInPlaceEdit() throws {
        var (d, table) = try running()
        // Make the kernel-like table hold a marker the edit must keep: a threshold-free weight edit
        // keeps the destination (same identity), so a delete-and-add would show up as operations.
        _ = d.reload(config(lvsFile(wwwBlock.replacing("scheduler = wlc", with: "scheduler = sh"))), at: clock.now)
        let operations = try sync(d, &table)
        #expect(!operations.contains { if case .deleteService = $0 { true } else { false } })
        #expect(!operations.contains { if case .deleteDestination = $0 { true } else { false } })
        #expect(try table.service(wwwIdentity).scheduler == .sourceHashing)
        #expect(try table.destinations(of: wwwIdentity).count == 2)
    }
}
