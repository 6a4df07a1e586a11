import Addressing
import Director
import HealthCheck
import IPVS
import Testing

/// lvsd's decisions on reports, adoption, drains and nanny trouble, on a virtual clock.
@Suite struct DirectorTests {
    let clock = VirtualClock()

    func director(_ blocks: String = wwwBlock, owned: Set<IPVSServiceIdentity> = []) -> Director {
        Director(configuration: config(lvsFile(blocks)), previouslyOwned: owned, at: clock.now)
    }

    @Test func startAsksForEveryNannyAndAReconcile() {
        var d = director()
        let actions = d.start(adopting: IPVSSnapshot())
        let starts = actions.compactMap { if case .startNanny(let key, _) = $0 { key } else { nil } }
        #expect(starts == [rs1, rs2])
        #expect(actions.last == .reconcile)
        // Nothing is known yet: the service is there, without real servers.
        #expect(d.target().weights(wwwIdentity) == [])
        #expect(d.records[rs1]?.health == .unknown)
    }

    @Test func upReportAddsTheServerWithTheNannysWeight() {
        var d = director()
        _ = d.start(adopting: IPVSSnapshot())
        clock.advance(.seconds(1))
        let actions = d.receive(.up(weight: 1, reason: "check passed"), from: rs1, at: clock.now)
        #expect(actions.reconciles)
        #expect(
            actions.logLines == [
                "real server rs1 (10.0.1.10:80) of virtual www (TCP 192.0.2.10:80) is up (check passed); serving at weight 1 of 10"
            ])
        #expect(d.target().weights(wwwIdentity) == ["10.0.1.10:80=1"])
        #expect(d.records[rs1]?.since == clock.now)
    }

    @Test func slowStartWeightsFollowTheNannyAndItsFullWeightIsTheConfiguredOne() {
        var d = director()
        _ = d.start(adopting: IPVSSnapshot())
        _ = d.receive(.up(weight: 1, reason: "ok"), from: rs2, at: clock.now)
        for (reported, expected) in [(2, 2), (4, 4), (8, 8), (16, 16), (20, 20)] {
            let actions = d.receive(.weight(reported), from: rs2, at: clock.now)
            #expect(actions.reconciles)
            #expect(d.target().weights(wwwIdentity) == ["10.0.1.11:80=\(expected)"])
        }
    }

    @Test func downReportRemovesTheServer() {
        var d = director()
        _ = d.start(adopting: IPVSSnapshot())
        _ = d.receive(.up(weight: 10, reason: "ok"), from: rs1, at: clock.now)
        clock.advance(.seconds(5))
        let actions = d.receive(.down(reason: "connect to 10.0.1.10:80: Connection refused"), from: rs1, at: clock.now)
        #expect(
            actions.logLines == [
                "real server rs1 (10.0.1.10:80) of virtual www (TCP 192.0.2.10:80) is down (connect to 10.0.1.10:80: Connection refused); taking it out of the table"
            ])
        #expect(d.target().weights(wwwIdentity) == [])
        #expect(d.records[rs1]?.health == .down(reason: "connect to 10.0.1.10:80: Connection refused"))
        #expect(d.records[rs1]?.since == clock.now)
    }

    @Test func quiesceKeepsADownServerAtWeightZeroOnlyIfItWasInTheTable() {
        var d = director(wwwBlock.replacing("reentry = 15", with: "reentry = 15\nquiesce_server = 1"))
        _ = d.start(adopting: IPVSSnapshot())
        _ = d.receive(.up(weight: 10, reason: "ok"), from: rs1, at: clock.now)
        let actions = d.receive(.down(reason: "timeout"), from: rs1, at: clock.now)
        #expect(actions.logLines.last?.hasSuffix("quiescing it to weight 0") == true)
        // rs2 was never up: its first failure leaves it out.
        _ = d.receive(.down(reason: "refused"), from: rs2, at: clock.now)
        #expect(d.target().weights(wwwIdentity) == ["10.0.1.10:80=0"])
        // Back up: the nanny's weight again.
        _ = d.receive(.up(weight: 1, reason: "ok"), from: rs1, at: clock.now)
        #expect(d.target().weights(wwwIdentity) == ["10.0.1.10:80=1"])
    }

    @Test func sorryServerIsInExactlyWhileNoRealServerIsUp() {
        var d = director(wwwBlock.replacing("reentry = 15", with: "reentry = 15\nsorry_server = 10.0.9.9"))
        _ = d.start(adopting: IPVSSnapshot())
        // Nothing reported yet: no real server is up.
        #expect(d.target().weights(wwwIdentity) == ["10.0.9.9:80=1"])
        #expect(d.sorryServerActive(wwwIdentity))
        _ = d.receive(.up(weight: 1, reason: "ok"), from: rs1, at: clock.now)
        #expect(d.target().weights(wwwIdentity) == ["10.0.1.10:80=1"])
        _ = d.receive(.up(weight: 1, reason: "ok"), from: rs2, at: clock.now)
        _ = d.receive(.down(reason: "x"), from: rs1, at: clock.now)
        #expect(d.target().weights(wwwIdentity) == ["10.0.1.11:80=1"])
        _ = d.receive(.down(reason: "x"), from: rs2, at: clock.now)
        #expect(d.target().weights(wwwIdentity) == ["10.0.9.9:80=1"])
        #expect(d.sorryServerActive(wwwIdentity))
    }

    @Test func sorryServerSwapIsOneBatchWithTheAdditionFirst() throws {
        var d = director(wwwBlock.replacing("reentry = 15", with: "reentry = 15\nsorry_server = 10.0.9.9"))
        var table = InMemoryIPVSTable()
        func sync() throws -> [IPVSOperation] {
            let plan = ReconcilePlan(
                target: d.target(), actual: try IPVSSnapshot.read(from: table), owned: d.ownedServices)
            for result in table.apply(plan.operations) { try result.get() }
            return plan.operations
        }
        _ = d.start(adopting: IPVSSnapshot())
        _ = try sync()
        _ = d.receive(.up(weight: 1, reason: "ok"), from: rs1, at: clock.now)
        let sorryServer = IPVSDestinationIdentity(address: v4("10.0.9.9"), port: 80)
        let rs1Destination = IPVSDestination(address: v4("10.0.1.10"), port: 80, forwarding: .masquerade, weight: 1)
        #expect(
            try sync() == [
                .addDestination(rs1Destination, service: wwwIdentity),
                .deleteDestination(sorryServer, service: wwwIdentity),
            ])
        _ = d.receive(.down(reason: "gone"), from: rs1, at: clock.now)
        let sorry = IPVSDestination(address: v4("10.0.9.9"), port: 80, forwarding: .masquerade, weight: 1)
        #expect(
            try sync() == [
                .addDestination(sorry, service: wwwIdentity), .deleteDestination(rs1.server, service: wwwIdentity),
            ])
    }

    @Test func drainedServersAreHeldAtZeroAndDoNotCountAsAvailable() throws {
        var d = director(wwwBlock.replacing("reentry = 15", with: "reentry = 15\nsorry_server = 10.0.9.9"))
        _ = d.start(adopting: IPVSSnapshot())
        _ = d.receive(.up(weight: 10, reason: "ok"), from: rs1, at: clock.now)
        let (message, actions) = try d.drain(address: v4("10.0.1.10"), port: nil)
        #expect(message == "drained real server rs1 (10.0.1.10:80) of virtual www (TCP 192.0.2.10:80)")
        #expect(actions.reconciles)
        #expect(d.target().weights(wwwIdentity) == ["10.0.1.10:80=0", "10.0.9.9:80=1"])
        // Reports do not undo a drain.
        _ = d.receive(.weight(10), from: rs1, at: clock.now)
        #expect(d.targetWeight(of: rs1) == 0)
        #expect(d.records[rs1]?.drained == true)
        _ = try d.enable(address: v4("10.0.1.10"), port: 80)
        #expect(d.target().weights(wwwIdentity) == ["10.0.1.10:80=10"])
    }

    @Test func drainOfAnUnknownServerIsAnErrorNamingIt() {
        var d = director()
        #expect(
            throws: DirectorRequestError(
                operation: "draining 10.0.1.99:80", reason: "no active real server has that address and port")
        ) {
            _ = try d.drain(address: v4("10.0.1.99"), port: 80)
        }
        #expect(
            throws: DirectorRequestError(
                operation: "enabling 10.0.1.99", reason: "no active real server has that address")
        ) {
            _ = try d.enable(address: v4("10.0.1.99"), port: nil)
        }
    }

    @Test func adoptedDestinationsAreKeptAsTheyAreUntilTheirNannyReports() {
        var d = director()
        let found = IPVSSnapshot(entries: [
            .init(
                service: IPVSService(identity: wwwIdentity),
                destinations: [IPVSDestination(address: v4("10.0.1.10"), port: 80, forwarding: .masquerade, weight: 10)]
            )
        ])
        let actions = d.start(adopting: found)
        #expect(
            actions.logLines.contains(
                "adopting real server rs1 (10.0.1.10:80) of virtual www (TCP 192.0.2.10:80) at weight 10; kept as it is until its nanny reports"
            ))
        #expect(d.target().weights(wwwIdentity) == ["10.0.1.10:80=10"])
        // rs2 was not in the kernel: it waits for its nanny.
        #expect(d.targetWeight(of: rs2) == nil)
        // The table can serve rs1 as it is; only rs2 awaits a first check (the readiness lvsd reports).
        #expect(d.awaitingFirstCheck == 1)
        _ = d.receive(.down(reason: "refused"), from: rs2, at: clock.now)
        #expect(d.awaitingFirstCheck == 0)
    }

    @Test func slowStartNeverCutsAnAdoptedServersWeight() {
        var d = director()
        _ = d.start(
            adopting: IPVSSnapshot(entries: [
                .init(
                    service: IPVSService(identity: wwwIdentity),
                    destinations: [
                        IPVSDestination(address: v4("10.0.1.10"), port: 80, forwarding: .masquerade, weight: 10)
                    ])
            ]))
        // A fresh nanny comes up at weight 10 >> 5 = 1 and doubles; the server keeps serving at 10.
        for weight in [1, 2, 4, 8] {
            _ =
                weight == 1
                ? d.receive(.up(weight: 1, reason: "ok"), from: rs1, at: clock.now)
                : d.receive(.weight(weight), from: rs1, at: clock.now)
            #expect(d.targetWeight(of: rs1) == 10, "nanny weight \(weight)")
        }
        _ = d.receive(.weight(10), from: rs1, at: clock.now)
        #expect(d.records[rs1]?.carriedWeight == nil)
        // Once it has gone down, a return is a real slow start.
        _ = d.receive(.down(reason: "x"), from: rs1, at: clock.now)
        _ = d.receive(.up(weight: 1, reason: "ok"), from: rs1, at: clock.now)
        #expect(d.targetWeight(of: rs1) == 1)
    }

    @Test func adoptedServerReportedDownIsRemoved() {
        var d = director()
        _ = d.start(
            adopting: IPVSSnapshot(entries: [
                .init(
                    service: IPVSService(identity: wwwIdentity),
                    destinations: [
                        IPVSDestination(address: v4("10.0.1.10"), port: 80, forwarding: .masquerade, weight: 10)
                    ])
            ]))
        _ = d.receive(.down(reason: "refused"), from: rs1, at: clock.now)
        #expect(d.target().weights(wwwIdentity) == [])
    }

    @Test func restartedNannyDoesNotCutTheWeightEither() {
        var d = director()
        _ = d.start(adopting: IPVSSnapshot())
        _ = d.receive(.up(weight: 20, reason: "ok"), from: rs2, at: clock.now)
        #expect(d.targetWeight(of: rs2) == 20)
        d.nannyRestarting(rs2)
        #expect(d.targetWeight(of: rs2) == 20)
        _ = d.receive(.up(weight: 1, reason: "ok"), from: rs2, at: clock.now)
        #expect(d.targetWeight(of: rs2) == 20)
    }

    @Test func abandonedNannyTakesTheServerOutWithAClearLine() {
        var d = director()
        _ = d.start(adopting: IPVSSnapshot())
        _ = d.receive(.up(weight: 10, reason: "ok"), from: rs1, at: clock.now)
        let actions = d.nannyAbandoned(rs1, reason: "its nanny failed 5 times within 120 s", at: clock.now)
        #expect(
            actions.logLines == [
                "real server rs1 (10.0.1.10:80) of virtual www (TCP 192.0.2.10:80) has no running health check (its nanny failed 5 times within 120 s); treating it as down. Manual action is needed."
            ])
        #expect(d.targetWeight(of: rs1) == nil)
    }

    @Test func checkResultsAndOverridesAreRecordedWithoutAReconcile() {
        var d = director()
        _ = d.start(adopting: IPVSSnapshot())
        clock.advance(.seconds(3))
        let actions = d.receive(.check(.failed("connect: refused")), from: rs1, at: clock.now)
        #expect(actions.isEmpty)
        #expect(
            d.records[rs1]?.lastCheck == RealServerRecord.LastCheck(result: .failed("connect: refused"), at: clock.now))
        let took = d.receive(.checkDuration(.milliseconds(12)), from: rs1, at: clock.now)
        #expect(took.isEmpty)
        #expect(d.records[rs1]?.lastCheck?.duration == .milliseconds(12))
        let mode = d.receive(.mode(.forcedDown), from: rs1, at: clock.now)
        #expect(!mode.reconciles)
        #expect(d.records[rs1]?.mode == .forcedDown)
    }

    @Test func reportsFromUnknownServersAreIgnored() {
        var d = director()
        let stranger = RealServerKey(
            service: wwwIdentity, server: IPVSDestinationIdentity(address: v4("10.0.1.99"), port: 80))
        let actions = d.receive(.up(weight: 1, reason: "ok"), from: stranger, at: clock.now)
        #expect(!actions.reconciles)
        #expect(d.records[stranger] == nil)
    }

    @Test func ownedServicesAreForgottenOnceGoneAndUnnamed() {
        let old = IPVSServiceIdentity.address(.tcp, v4("192.0.2.99"), port: 80)
        var d = director(owned: [old])
        #expect(d.ownedServices == [wwwIdentity, old])
        // Still in the kernel: still owned.
        let stillThere = d.observe(
            IPVSSnapshot(entries: [.init(service: IPVSService(identity: old), destinations: [])]))
        #expect(!stillThere)
        // Gone: forgotten. lvs.cf's own service stays owned even before it exists.
        let gone = d.observe(IPVSSnapshot())
        #expect(gone)
        #expect(d.ownedServices == [wwwIdentity])
    }

    @Test func startAnnouncesTheDeletionOfServicesAnEarlierLvsdOwned() {
        let old = IPVSServiceIdentity.address(.tcp, v4("192.0.2.99"), port: 80)
        var d = director(owned: [old])
        let actions = d.start(
            adopting: IPVSSnapshot(entries: [.init(service: IPVSService(identity: old), destinations: [])]))
        #expect(
            actions.logLines.contains(
                "service TCP 192.0.2.99:80 was set up by an earlier lvsd and is no longer in lvs.cf; deleting it"))
        let plan = ReconcilePlan(
            target: d.target(),
            actual: IPVSSnapshot(entries: [.init(service: IPVSService(identity: old), destinations: [])]),
            owned: d.ownedServices)
        #expect(plan.operations.last == .deleteService(old))
    }

    @Test func operationsAreWordedWithNames() {
        let d = director(wwwBlock.replacing("reentry = 15", with: "reentry = 15\nsorry_server = 10.0.9.9"))
        let rs1Destination = IPVSDestination(address: v4("10.0.1.10"), port: 80, forwarding: .masquerade, weight: 2)
        #expect(
            d.describe(.addDestination(rs1Destination, service: wwwIdentity))
                == "adding real server rs1 (10.0.1.10:80) to virtual www (TCP 192.0.2.10:80) with weight 2 (masquerade)"
        )
        #expect(
            d.describe(
                .deleteDestination(IPVSDestinationIdentity(address: v4("10.0.9.9"), port: 80), service: wwwIdentity))
                == "removing sorry server 10.0.9.9:80 from virtual www (TCP 192.0.2.10:80)")
        #expect(
            d.describe(.editService(IPVSService(identity: wwwIdentity, scheduler: .roundRobin)))
                == "editing virtual www (TCP 192.0.2.10:80) in place (scheduler rr)")
        #expect(
            d.describe(.deleteService(.firewallMark(3, family: .inet)))
                == "deleting service FWM 3, which lvs.cf no longer names")
        #expect(
            d.describe(.setTimeouts(IPVSTimeouts(tcp: 600, tcpFin: 0, udp: 20)))
                == "setting IPVS timeouts (tcp 600 s, udp 20 s)")
    }
}
