import Addressing
import IPVS
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct InMemoryIPVSTableTests {
    let web = IPVSServiceIdentity.address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80)

    func server(_ last: UInt8, _ method: IPVSForwardingMethod = .masquerade, weight: Int32 = 1) -> IPVSDestination {
        IPVSDestination(address: .v4(IPv4Address(10, 0, 1, last)), port: 80, forwarding: method, weight: weight)
    }

    func errnos(_ results: [Result<Void, IPVSError>]) -> [Int32] {
        results.map { if case .failure(let e) = $0 { e.errno ?? -1 } else { 0 } }
    }

    @Test func servicesAndDestinationsFollowTheKernelsRules() throws {
        var table = InMemoryIPVSTable()
        let results = table.apply([
            .addService(IPVSService(identity: web)),
            .addService(IPVSService(identity: web)),
            .addDestination(server(10), service: web),
            .addDestination(server(10), service: web),
            .addDestination(server(11), service: .firewallMark(9, family: .inet)),
            .editDestination(server(12), service: web),
            .deleteDestination(server(12).identity, service: web),
            .addDestination(server(13, weight: -1), service: web),
            .addDestination(
                IPVSDestination(address: .v4(IPv4Address(10, 0, 1, 14)), port: 80, lowerThreshold: 5), service: web),
            .addDestination(IPVSDestination(address: .v4(IPv4Address(224, 0, 0, 1)), port: 80), service: web),
            .addDestination(IPVSDestination(address: .v4(IPv4Address(255, 255, 255, 255)), port: 80), service: web),
            .addDestination(IPVSDestination(address: .v6(IPv6Address("::1")!), port: 80), service: web),
            .addDestination(
                IPVSDestination(
                    address: .v4(IPv4Address(10, 0, 1, 15)), port: 80, forwarding: .tunnel,
                    tunnel: IPVSTunnel(type: .gue)), service: web),
            .addService(IPVSService(identity: web, scheduler: "nosuch")),
            .editService(IPVSService(identity: .firewallMark(9, family: .inet))),
            .deleteService(.firewallMark(9, family: .inet)),
            .zero(.firewallMark(9, family: .inet)),
            .addService(IPVSService(identity: .firewallMark(9, family: .inet6), netmask: .ipv6(prefixLength: 0))),
        ])
        #expect(
            errnos(results) == [
                0, EEXIST, 0, EEXIST, ESRCH, ENOENT, ENOENT, ERANGE, ERANGE, EINVAL, EINVAL, EINVAL,
                EINVAL, EEXIST, ESRCH, ESRCH, ESRCH, EINVAL,
            ])
        #expect(try table.services().map(\.identity) == [web])
        #expect(try table.destinations(of: web).map(\.identity) == [server(10).identity])
        #expect(try table.destinations(of: .firewallMark(1, family: .inet)) == [])
    }

    @Test func repliesLookLikeTheKernels() throws {
        var table = InMemoryIPVSTable()
        try table.perform(
            .addService(IPVSService(identity: web, scheduler: .roundRobin, flags: .persistent, persistenceTimeout: 300))
        )
        try table.perform(.addDestination(server(10), service: web))
        try table.perform(.addDestination(server(11, .directRoute), service: web))
        try table.perform(
            .addDestination(IPVSDestination(address: .v4(IPv4Address(127, 0, 0, 1)), port: 80), service: web))
        let service = try table.service(web)
        #expect(service.flags == [.persistent, .hashed])
        #expect(service.statistics == IPVSStatistics())
        // Newest first, each with the forwarding method it was given (a local one too).
        let destinations = try table.destinations(of: web)
        #expect(destinations.map(\.address.description) == ["127.0.0.1", "10.0.1.11", "10.0.1.10"])
        #expect(destinations.map(\.forwarding) == [.directRoute, .directRoute, .masquerade])
        try table.perform(.editDestination(server(10, .tunnel, weight: 5), service: web))
        #expect(try table.destinations(of: web)[2].weight == 5)
        #expect(try table.destinations(of: web)[2].forwarding == .tunnel)
        try table.perform(.flush)
        #expect(try table.services() == [])
    }

    @Test func mixedFamiliesNeedATunnelAndNoSyncDaemon() throws {
        var table = InMemoryIPVSTable()
        let v6 = IPVSDestination(address: .v6(IPv6Address("2001:db8::1")!), port: 80, forwarding: .tunnel)
        var masqueraded = v6
        masqueraded.forwarding = .masquerade
        let results = table.apply([
            .addService(IPVSService(identity: web)),
            .addDestination(masqueraded, service: web),
            .startDaemon(IPVSSyncDaemon(role: .master, interface: "lo")),
            .addDestination(v6, service: web),
            .stopDaemon(.master),
            .addDestination(v6, service: web),
            .startDaemon(IPVSSyncDaemon(role: .master, interface: "lo")),
        ])
        #expect(errnos(results) == [0, EINVAL, 0, EINVAL, 0, 0, EINVAL])
    }

    @Test func timeoutsAndDaemons() throws {
        var table = InMemoryIPVSTable()
        #expect(try table.timeouts() == .kernelDefaults)
        let results = table.apply([
            .setTimeouts(IPVSTimeouts(tcp: 60, tcpFin: 0, udp: 0)),
            .setTimeouts(IPVSTimeouts(tcp: 0, tcpFin: 0, udp: UInt32(Int32.max) / 250 + 1)),
            .startDaemon(IPVSSyncDaemon(role: .backup, interface: "eth9")),
            .startDaemon(IPVSSyncDaemon(role: .backup, interface: "lo", syncID: 3)),
            .startDaemon(IPVSSyncDaemon(role: .backup, interface: "lo")),
            .startDaemon(IPVSSyncDaemon(role: .backup, interface: "eth0")),
            .startDaemon(IPVSSyncDaemon(role: .master, interface: "lo", group: .v4(IPv4Address(10, 0, 0, 1)))),
            .stopDaemon(.master),
        ])
        #expect(errnos(results) == [0, EINVAL, ENODEV, 0, EEXIST, ENODEV, EINVAL, ESRCH])
        #expect(try table.timeouts() == IPVSTimeouts(tcp: 60, tcpFin: 120, udp: 300))
        #expect(
            try table.syncDaemons()
                == [
                    IPVSSyncDaemon(
                        role: .backup, interface: "lo", syncID: 3, maximumLength: 1472,
                        group: .v4(IPv4Address(224, 0, 0, 81)), port: 8848, ttl: 1)
                ])
    }

    @Test func invalidRequestsFailAsTheClientsDo() {
        var table = InMemoryIPVSTable()
        let result = table.apply([.addService(IPVSService(identity: web, scheduler: "sixteen-letters!"))])[0]
        guard case .failure(let error) = result, case .invalidRequest = error.cause else {
            Issue.record("expected an invalid request, got \(result)")
            return
        }
    }

    @Test func aCopyHoldsWhatTheTableHeldAndAnswersForIt() throws {
        var table = InMemoryIPVSTable()
        let mark = IPVSServiceIdentity.firewallMark(9, family: .inet)
        try table.perform(.addService(IPVSService(identity: web, scheduler: .roundRobin)))
        try table.perform(.addService(IPVSService(identity: mark)))
        try table.perform(.addDestination(server(10), service: web))
        try table.perform(.addDestination(server(11), service: web))
        try table.perform(.setTimeouts(IPVSTimeouts(tcp: 60, tcpFin: 0, udp: 0)))
        try table.perform(.startDaemon(IPVSSyncDaemon(role: .backup, interface: "lo", syncID: 3)))
        table.tableInfo = IPVSInfo(version: 0x01_02_01, connectionTableSize: 1024)

        var copy = try InMemoryIPVSTable(copying: table)
        #expect(try copy.services() == table.services())
        #expect(try copy.destinations(of: web) == table.destinations(of: web))
        #expect(try copy.timeouts() == table.timeouts())
        #expect(try copy.syncDaemons() == table.syncDaemons())
        #expect(try copy.info() == table.info())
        let results = copy.apply([
            .addService(IPVSService(identity: web)), .addDestination(server(10), service: web),
            .deleteDestination(server(12).identity, service: web), .deleteService(mark), .stopDaemon(.master),
        ])
        #expect(errnos(results) == [EEXIST, EEXIST, ENOENT, 0, ESRCH])
    }
}
