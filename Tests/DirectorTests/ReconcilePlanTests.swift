import Addressing
import Director
import IPVS
import Testing

/// Desired vs actual -> ordered operations.
@Suite struct ReconcilePlanTests {
    let www = wwwIdentity
    let other = IPVSServiceIdentity.address(.udp, v4("192.0.2.20"), port: 53)

    func destination(
        _ address: String, weight: Int32, port: UInt16 = 80, forwarding: IPVSForwardingMethod = .masquerade
    ) -> IPVSDestination {
        IPVSDestination(address: v4(address), port: port, forwarding: forwarding, weight: weight)
    }

    func service(_ identity: IPVSServiceIdentity, scheduler: IPVSScheduler = .weightedLeastConnections) -> IPVSService {
        IPVSService(identity: identity, scheduler: scheduler)
    }

    /// A kernel-like table holding `entries`, read back as a snapshot.
    func actual(_ entries: [(IPVSService, [IPVSDestination])], timeouts: IPVSTimeouts? = nil) throws -> IPVSSnapshot {
        var table = InMemoryIPVSTable()
        var operations: [IPVSOperation] = []
        if let timeouts { operations.append(.setTimeouts(timeouts)) }
        for (service, destinations) in entries {
            operations.append(.addService(service))
            // The kernel lists the newest first: add in reverse so it lists them in the given order.
            for d in destinations.reversed() { operations.append(.addDestination(d, service: service.identity)) }
        }
        for result in table.apply(operations) { try result.get() }
        return try IPVSSnapshot.read(from: table)
    }

    @Test func emptyTableGetsServiceThenItsDestinationsInOrder() throws {
        let target = TargetTable(services: [
            .init(
                service: service(www),
                destinations: [destination("10.0.1.10", weight: 1), destination("10.0.1.11", weight: 2)])
        ])
        let plan = ReconcilePlan(target: target, actual: IPVSSnapshot(), owned: [])
        #expect(
            plan.operations == [
                .addService(service(www)),
                .addDestination(destination("10.0.1.10", weight: 1), service: www),
                .addDestination(destination("10.0.1.11", weight: 2), service: www),
            ])
    }

    @Test func matchingTableNeedsNothing() throws {
        let destinations = [destination("10.0.1.10", weight: 1), destination("10.0.1.11", weight: 2)]
        let target = TargetTable(services: [.init(service: service(www), destinations: destinations)])
        // Counters, the hashed flag and destination order do not matter.
        let plan = ReconcilePlan(
            target: target, actual: try actual([(service(www), destinations.reversed())]), owned: [www])
        #expect(plan.isEmpty)
    }

    @Test func changedSchedulerIsEditedInPlaceNotReAdded() throws {
        let destinations = [destination("10.0.1.10", weight: 1)]
        let target = TargetTable(services: [
            .init(service: service(www, scheduler: .roundRobin), destinations: destinations)
        ])
        let plan = ReconcilePlan(target: target, actual: try actual([(service(www), destinations)]), owned: [www])
        #expect(plan.operations == [.editService(service(www, scheduler: .roundRobin))])
    }

    @Test func changedPersistenceIsEditedInPlace() throws {
        var persistent = service(www)
        persistent.flags = .persistent
        persistent.persistenceTimeout = 300
        persistent.netmask = .ipv4(IPv4Address(255, 255, 255, 0))
        let target = TargetTable(services: [.init(service: persistent, destinations: [])])
        let plan = ReconcilePlan(target: target, actual: try actual([(service(www), [])]), owned: [www])
        #expect(plan.operations == [.editService(persistent)])
    }

    @Test func changedWeightOrForwardingIsEditedInPlace() throws {
        let target = TargetTable(services: [
            .init(
                service: service(www),
                destinations: [
                    destination("10.0.1.10", weight: 5), destination("10.0.1.11", weight: 2, forwarding: .directRoute),
                ])
        ])
        let plan = ReconcilePlan(
            target: target,
            actual: try actual([
                (service(www), [destination("10.0.1.10", weight: 1), destination("10.0.1.11", weight: 2)])
            ]),
            owned: [www])
        #expect(
            plan.operations == [
                .editDestination(destination("10.0.1.10", weight: 5), service: www),
                .editDestination(destination("10.0.1.11", weight: 2, forwarding: .directRoute), service: www),
            ])
    }

    @Test func localForwardingReportedByTheKernelMatchesAnyMethod() {
        var local = destination("10.0.1.10", weight: 3)
        local.forwarding = .local
        #expect(ReconcilePlan.destinationMatches(local, destination("10.0.1.10", weight: 3)))
        #expect(ReconcilePlan.destinationMatches(local, destination("10.0.1.10", weight: 3, forwarding: .tunnel)))
        #expect(!ReconcilePlan.destinationMatches(local, destination("10.0.1.10", weight: 4)))
    }

    @Test func thresholdsAndTunnelSettingsCount() {
        var wanted = destination("10.0.1.10", weight: 1, forwarding: .tunnel)
        var actual = wanted
        actual.upperThreshold = 100
        #expect(!ReconcilePlan.destinationMatches(actual, wanted))
        actual = wanted
        actual.tunnel = IPVSTunnel(type: .gre)
        #expect(!ReconcilePlan.destinationMatches(actual, wanted))
        // Tunnel settings of a non-tunnel destination are ignored by the kernel, and here.
        wanted.forwarding = .masquerade
        actual.forwarding = .masquerade
        #expect(ReconcilePlan.destinationMatches(actual, wanted))
    }

    @Test func unnamedDestinationsOfAnOwnedServiceAreDeletedAfterAdditions() throws {
        // Last real server goes, sorry server comes: the sorry server is added before the last
        // real server is deleted, in the same batch.
        let sorry = destination("10.0.9.9", weight: 1)
        let target = TargetTable(services: [.init(service: service(www), destinations: [sorry])])
        let plan = ReconcilePlan(
            target: target, actual: try actual([(service(www), [destination("10.0.1.10", weight: 4)])]), owned: [www])
        #expect(
            plan.operations == [
                .addDestination(sorry, service: www),
                .deleteDestination(destination("10.0.1.10", weight: 4).identity, service: www),
            ])
    }

    @Test func firstServerBackAddsItBeforeTheSorryServerLeaves() throws {
        let sorry = destination("10.0.9.9", weight: 1)
        let back = destination("10.0.1.10", weight: 1)
        let target = TargetTable(services: [.init(service: service(www), destinations: [back])])
        let plan = ReconcilePlan(target: target, actual: try actual([(service(www), [sorry])]), owned: [www])
        #expect(
            plan.operations == [.addDestination(back, service: www), .deleteDestination(sorry.identity, service: www)])
    }

    @Test func servicesNotOwnedAreNeverTouched() throws {
        let foreign = (service(other), [destination("10.0.7.7", weight: 9)])
        let plan = ReconcilePlan(target: TargetTable(), actual: try actual([foreign]), owned: [www])
        #expect(plan.isEmpty)
    }

    @Test func ownedServicesNoLongerNamedAreDeletedLastWithTheirDestinations() throws {
        let target = TargetTable(services: [
            .init(service: service(www), destinations: [destination("10.0.1.10", weight: 1)])
        ])
        let plan = ReconcilePlan(
            target: target, actual: try actual([(service(other), [destination("10.0.7.7", weight: 9)])]),
            owned: [www, other])
        #expect(
            plan.operations == [
                .addService(service(www)),
                .addDestination(destination("10.0.1.10", weight: 1), service: www),
                .deleteService(other),
            ])
    }

    @Test func shutdownTargetDeletesEveryOwnedServiceAndNothingElse() throws {
        let foreign = IPVSServiceIdentity.firewallMark(5, family: .inet)
        let plan = ReconcilePlan(
            target: TargetTable(),
            actual: try actual([(service(www), [destination("10.0.1.10", weight: 1)]), (service(foreign), [])]),
            owned: [www])
        #expect(plan.operations == [.deleteService(www)])
    }

    @Test func timeoutsAreSetOnlyForConfiguredValuesThatDiffer() throws {
        let current = try actual([], timeouts: IPVSTimeouts(tcp: 900, tcpFin: 120, udp: 300))
        #expect(
            ReconcilePlan(
                target: TargetTable(timeouts: IPVSTimeouts(tcp: 900, tcpFin: 0, udp: 0)), actual: current, owned: []
            ).isEmpty)
        #expect(
            ReconcilePlan(
                target: TargetTable(timeouts: IPVSTimeouts(tcp: 900, tcpFin: 30, udp: 300)), actual: current, owned: []
            ).operations
                == [.setTimeouts(IPVSTimeouts(tcp: 0, tcpFin: 30, udp: 0))])
        #expect(ReconcilePlan(target: TargetTable(timeouts: nil), actual: current, owned: []).isEmpty)
    }

    @Test func applyingThePlanToAKernelLikeTableReachesTheTarget() throws {
        var table = InMemoryIPVSTable()
        for result in table.apply([
            .addService(service(www, scheduler: .roundRobin)),
            .addDestination(destination("10.0.1.10", weight: 1), service: www),
            .addDestination(destination("10.0.1.12", weight: 1), service: www),
            .addService(service(other)),
        ]) { try result.get() }
        let target = TargetTable(services: [
            .init(
                service: service(www),
                destinations: [
                    destination("10.0.1.10", weight: 3), destination("10.0.1.11", weight: 2),
                ])
        ])
        let plan = ReconcilePlan(target: target, actual: try IPVSSnapshot.read(from: table), owned: [www])
        for result in table.apply(plan.operations) { try result.get() }
        let after = try IPVSSnapshot.read(from: table)
        #expect(ReconcilePlan(target: target, actual: after, owned: [www]).isEmpty)
        // The service lvsd does not own is still there.
        #expect(after.entry(other) != nil)
    }
}
