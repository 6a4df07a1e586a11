import Addressing
import IPVS
import Logging
import LVSTestKit
import Testing

/// The IPVS library's in-memory table answers like the kernel: the same operations on both give
/// the same result, errno by errno, and leave the same table.
@Suite(.kernelLayer)
struct InMemoryIPVSTableConformanceTests {
    static let web = IPVSServiceIdentity.address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80)
    static let dns = IPVSServiceIdentity.address(.udp, .v6(IPv6Address("2001:db8::53")!), port: 53)
    static let mark = IPVSServiceIdentity.firewallMark(42, family: .inet)

    static func server(_ last: UInt8, _ method: IPVSForwardingMethod = .masquerade, weight: Int32 = 1)
        -> IPVSDestination
    {
        IPVSDestination(address: .v4(IPv4Address(10, 0, 1, last)), port: 80, forwarding: method, weight: weight)
    }

    static let operations: [IPVSOperation] = [
        .addService(IPVSService(identity: web, scheduler: .roundRobin)),
        .addService(IPVSService(identity: web)),
        .addService(
            IPVSService(
                identity: dns, scheduler: .sourceHashing, flags: [.persistent, .scheduler1],
                persistenceTimeout: 120, netmask: .ipv6(prefixLength: 64))),
        .addService(
            IPVSService(
                identity: mark, flags: .persistent, persistenceTimeout: 30,
                netmask: .ipv4(IPv4Address(255, 255, 255, 0)), persistenceEngine: "sip")),
        .addService(IPVSService(identity: .firewallMark(43, family: .inet), scheduler: "nosuch")),
        .addService(IPVSService(identity: .firewallMark(44, family: .inet), persistenceEngine: "nosuch")),
        .addService(IPVSService(identity: .firewallMark(45, family: .inet6), netmask: .ipv6(prefixLength: 0))),
        .addService(IPVSService(identity: .firewallMark(46, family: .inet), scheduler: .none)),
        .editService(IPVSService(identity: web, scheduler: .weightedRoundRobin, flags: .onePacket)),
        .editService(IPVSService(identity: .firewallMark(99, family: .inet))),
        .editService(IPVSService(identity: mark, scheduler: "nosuch")),
        .addDestination(server(10), service: web),
        .addDestination(server(10), service: web),
        .addDestination(server(11, .directRoute, weight: 5), service: web),
        .addDestination(IPVSDestination(address: .v4(IPv4Address(127, 0, 0, 1)), port: 80), service: web),
        .addDestination(IPVSDestination(address: .v4(IPv4Address(10, 0, 0, 1)), port: 80), service: web),
        .addDestination(server(12, weight: -1), service: web),
        .addDestination(
            IPVSDestination(
                address: .v4(IPv4Address(10, 0, 1, 13)), port: 80, upperThreshold: 5,
                lowerThreshold: 6), service: web),
        .addDestination(
            IPVSDestination(address: .v4(IPv4Address(10, 0, 1, 14)), port: 80, lowerThreshold: 6), service: web),
        .addDestination(IPVSDestination(address: .v4(IPv4Address(224, 0, 0, 9)), port: 80), service: web),
        .addDestination(IPVSDestination(address: .v4(IPv4Address(0, 1, 2, 3)), port: 80), service: web),
        .addDestination(IPVSDestination(address: .v4(IPv4Address(255, 255, 255, 255)), port: 80), service: web),
        // Sync daemons, while no service mixes address families.
        .stopDaemon(.master),
        .startDaemon(IPVSSyncDaemon(role: .master, interface: "nosuch0")),
        .startDaemon(IPVSSyncDaemon(role: .backup, interface: "d0", syncID: 3, maximumLength: 100)),
        .startDaemon(IPVSSyncDaemon(role: .backup, interface: "d0")),
        .startDaemon(IPVSSyncDaemon(role: .master, interface: "lo", group: .v4(IPv4Address(10, 0, 0, 1)))),
        .startDaemon(
            IPVSSyncDaemon(role: .master, interface: "lo", group: .v4(IPv4Address(239, 0, 0, 7)), port: 9000, ttl: 2)),
        .startDaemon(IPVSSyncDaemon(role: .master, interface: "eth0")),
        .addDestination(
            IPVSDestination(address: .v6(IPv6Address("2001:db8::30")!), port: 80, forwarding: .tunnel), service: web),
        .stopDaemon(.backup),
        .stopDaemon(.master),
        .addDestination(IPVSDestination(address: .v6(IPv6Address("2001:db8::10")!), port: 80), service: web),
        .addDestination(
            IPVSDestination(address: .v6(IPv6Address("2001:db8::10")!), port: 80, forwarding: .tunnel), service: web),
        .addDestination(
            IPVSDestination(
                address: .v4(IPv4Address(10, 0, 1, 15)), port: 80, forwarding: .tunnel,
                tunnel: IPVSTunnel(type: .gue)), service: web),
        .addDestination(
            IPVSDestination(
                address: .v4(IPv4Address(10, 0, 1, 16)), port: 80, forwarding: .tunnel,
                tunnel: IPVSTunnel(type: .gue, port: 6080, checksum: .remoteChecksum)), service: web),
        .addDestination(server(17), service: .firewallMark(99, family: .inet)),
        .addDestination(IPVSDestination(address: .v6(IPv6Address("ff02::1")!), port: 53), service: dns),
        .addDestination(IPVSDestination(address: .v6(IPv6Address("fe80::1")!), port: 53), service: dns),
        .addDestination(
            IPVSDestination(address: .v6(IPv6Address("2001:db8::20")!), port: 53, forwarding: .masquerade), service: dns
        ),
        .addDestination(server(18, .tunnel), service: mark),
        .editDestination(server(10, .directRoute, weight: 7), service: web),
        .editDestination(server(19), service: web),
        .editDestination(server(10, weight: -2), service: web),
        .editDestination(server(10), service: .firewallMark(99, family: .inet)),
        .deleteDestination(server(19).identity, service: web),
        .deleteDestination(server(11).identity, service: web),
        .deleteDestination(server(11).identity, service: .firewallMark(99, family: .inet)),
        .zero(web), .zero(.firewallMark(99, family: .inet)), .zero(nil),
        .setTimeouts(IPVSTimeouts(tcp: 100, tcpFin: 0, udp: 0)),
        .setTimeouts(IPVSTimeouts(tcp: 0, tcpFin: 0, udp: 9_000_000)),
        .setTimeouts(IPVSTimeouts(tcp: 0, tcpFin: 3_000_000_000, udp: 0)),
        .startDaemon(IPVSSyncDaemon(role: .master, interface: "lo")),
        .deleteService(mark),
        .deleteService(mark),
    ]

    func outcome(_ result: Result<Void, IPVSError>) -> String {
        switch result {
        case .success: "ok"
        case .failure(let e): e.errno.map { "errno \($0)" } ?? "\(e.cause)"
        }
    }

    @Test func sameOperationsSameResultsSameTable() throws {
        let lab = try NetworkLab(tag: "kconf")
        let director = try lab.namespace("dir")
        try director.runChecked(["ip", "link", "add", "d0", "type", "dummy"])
        try director.runChecked(["ip", "link", "set", "d0", "up", "multicast", "on"])
        try director.runChecked(["ip", "addr", "add", "10.0.0.1/24", "dev", "d0"])
        let kernel = try IPVSClient(namespacePath: director.path, logger: Logger(label: "test"))
        var memory = InMemoryIPVSTable()
        memory.interfaces = ["lo", "d0"]
        memory.localAddresses = [.v4(IPv4Address(10, 0, 0, 1))]

        // One at a time, so that a difference is named by the operation that caused it.
        var daemonsStarted = 0
        for operation in Self.operations {
            let k = kernel.apply([operation])[0]
            let m = memory.apply([operation])[0]
            #expect(outcome(m) == outcome(k), "\(operation)")
            if case .startDaemon = operation {
                #expect(try memory.syncDaemons() == kernel.syncDaemons(), "after \(operation)")
                if case .success = k { daemonsStarted += 1 }
            }
        }

        #expect(daemonsStarted == 2, "the sequence should start a backup and a master daemon")
        let kernelServices = try kernel.services().sorted { $0.identity.description < $1.identity.description }
        let memoryServices = try memory.services().sorted { $0.identity.description < $1.identity.description }
        #expect(memoryServices == kernelServices)
        for service in kernelServices {
            let k = try kernel.destinations(of: service.identity)
            let m = try memory.destinations(of: service.identity)
            #expect(m == k, "real servers of \(service.identity):\nkernel \(k)\nmemory \(m)")
        }
        #expect(try memory.timeouts() == kernel.timeouts())
        #expect(try memory.syncDaemons() == kernel.syncDaemons())

        // A copy (where lvsd --test-start begins) holds what the kernel holds, in the kernel's order.
        let copy = try InMemoryIPVSTable(copying: kernel)
        #expect(try copy.services() == kernel.services())
        for service in kernelServices {
            #expect(try copy.destinations(of: service.identity) == kernel.destinations(of: service.identity))
        }
        #expect(try copy.timeouts() == kernel.timeouts())
        #expect(try copy.syncDaemons() == kernel.syncDaemons())
        #expect(try copy.info() == kernel.info())
    }
}
