import Addressing
import Director
import IPVS
import Testing

/// The table as read once, and kept current with the changes the table carried out.
@Suite struct IPVSSnapshotTests {
    let s = IPVSService(identity: wwwIdentity)
    let d = IPVSDestination(address: v4("10.0.1.10"), port: 80, forwarding: .masquerade, weight: 3)

    @Test func snapshotReadsDestinationsOnlyInScope() throws {
        var kernel = InMemoryIPVSTable()
        let other = IPVSServiceIdentity.firewallMark(4, family: .inet)
        _ = kernel.apply([
            .addService(s), .addDestination(d, service: wwwIdentity), .addService(IPVSService(identity: other)),
            .addDestination(d, service: other),
        ])
        let snapshot = try IPVSSnapshot.read(from: kernel, destinationsOf: [wwwIdentity])
        #expect(snapshot.identities == [wwwIdentity, other])
        #expect(snapshot.entry(wwwIdentity)?.destinations?.count == 1)
        #expect(snapshot.entry(other)?.destinations == nil)
    }

    @Test func recordingWhatTheTableDidGivesWhatReadingItGives() throws {
        var kernel = InMemoryIPVSTable()
        var snapshot = try IPVSSnapshot.read(from: kernel)
        var e = d
        e.weight = 7
        let other = IPVSDestination(address: v4("10.0.1.11"), port: 80, forwarding: .masquerade, weight: 1)
        let mark = IPVSServiceIdentity.firewallMark(4, family: .inet)
        let operations: [IPVSOperation] = [
            .addService(s), .addService(s), .addDestination(d, service: wwwIdentity),
            .addDestination(other, service: wwwIdentity),
            .addDestination(d, service: wwwIdentity), .editDestination(e, service: wwwIdentity),
            .addService(IPVSService(identity: mark)), .deleteDestination(other.identity, service: wwwIdentity),
            .deleteDestination(other.identity, service: wwwIdentity),
            .editService(IPVSService(identity: wwwIdentity, scheduler: .roundRobin)),
            .setTimeouts(IPVSTimeouts(tcp: 60, tcpFin: 0, udp: 0)), .deleteService(mark), .deleteService(mark),
        ]
        for (operation, result) in zip(operations, kernel.apply(operations)) {
            if case .success = result { snapshot.record(operation) }
        }
        let read = try IPVSSnapshot.read(from: kernel)
        #expect(snapshot.identities == read.identities)
        #expect(snapshot.entries.map(\.service.configuration) == read.entries.map(\.service.configuration))
        #expect(
            snapshot.entries.map { $0.destinations?.map(\.configuration) }
                == read.entries.map { $0.destinations?.map(\.configuration) })
        #expect(snapshot.timeouts == read.timeouts)
    }
}
