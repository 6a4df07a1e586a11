import Addressing
import IPVS
import Testing

@testable import IPVSAdmin

@Suite struct ListingPrinterTests {
    static let web = IPVSService(
        identity: .address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80), scheduler: .roundRobin,
        flags: [.persistent, .hashed, .scheduler1], persistenceTimeout: 300,
        netmask: .ipv4(IPv4Address(255, 255, 255, 0)),
        statistics: IPVSStatistics(
            connections: 123_456_789, incomingPackets: 999_999_999, outgoingPackets: 100_000_000_000,
            incomingBytes: 99_999_999_999_999, outgoingBytes: 123_456_789_012_345_678, connectionsPerSecond: 1,
            incomingPacketsPerSecond: 2, outgoingPacketsPerSecond: 3, incomingBytesPerSecond: (1 << 32) + 4,
            outgoingBytesPerSecond: 5))

    /// Given in the kernel's order (unsorted).
    static let webServers = [
        IPVSDestination(
            address: .v4(IPv4Address(10, 0, 1, 11)), port: 80, forwarding: .directRoute, weight: 0,
            activeConnections: 5, inactiveConnections: 12, persistentConnections: 7),
        IPVSDestination(
            address: .v4(IPv4Address(10, 0, 1, 10)), port: 8080, forwarding: .masquerade, weight: 65535,
            upperThreshold: 1000, lowerThreshold: 100),
        IPVSDestination(
            address: .v4(IPv4Address(10, 0, 1, 10)), port: 80, forwarding: .tunnel, weight: 2,
            tunnel: IPVSTunnel(type: .gue, port: 6080, checksum: .checksum),
            statistics: IPVSStatistics(
                connections: (1 << 32) + 5, incomingPackets: 60, outgoingPackets: (1 << 33) + 7, incomingBytes: 5 << 32,
                outgoingBytes: 3000, connectionsPerSecond: (1 << 32) + 1, incomingPacketsPerSecond: 2,
                outgoingPacketsPerSecond: 3, incomingBytesPerSecond: (1 << 32) + 400,
                outgoingBytesPerSecond: 123_456_789)),
    ]

    static let others: [IPVSService] = [
        IPVSService(
            identity: .address(.udp, .v6(IPv6Address("2001:db8::1")!), port: 53), scheduler: .sourceHashing,
            flags: [.onePacket, .scheduler1, .scheduler2]),
        IPVSService(
            identity: .firewallMark(3_000_000_000, family: .inet), scheduler: .maglevHashing,
            flags: [.persistent, .scheduler1], persistenceTimeout: 60, persistenceEngine: "sip"),
        IPVSService(
            identity: .firewallMark(7, family: .inet6), flags: .persistent, persistenceTimeout: 100,
            netmask: .ipv6(prefixLength: 64)),
    ]

    func render(_ format: ListingFormat, services: [(IPVSService, [IPVSDestination])]) -> String {
        let printer = ListingPrinter(format: format, resolver: AdminNameLookup())
        var out = OutputBuffer()
        printer.title(into: &out)
        for (service, destinations) in services { printer.entry(service, destinations: destinations, into: &out) }
        return String(decoding: out.take(), as: UTF8.self)
    }

    var all: [(IPVSService, [IPVSDestination])] {
        [(Self.web, Self.webServers)] + Self.others.map { ($0, []) }
    }

    @Test func defaultListing() {
        #expect(render(.numeric, services: all) == golden("listing-default"))
    }

    @Test func tunnelInfo() {
        #expect(render([.numeric, .tunnelInfo], services: [(Self.web, Self.webServers)]) == golden("listing-tuninfo"))
    }

    @Test func thresholdsAndPersistentConnections() {
        #expect(
            render([.numeric, .thresholds], services: [(Self.web, Self.webServers)]) == golden("listing-thresholds"))
        #expect(
            render([.numeric, .persistentConnections], services: [(Self.web, Self.webServers)])
                == golden("listing-pconn"))
    }

    /// Destinations keep only the low 32 bits of their counters, except bytes (ipvsadm 1.31's bug).
    @Test func statisticsScaleAndTruncateLikeIPVSADM() {
        let one = [Self.webServers[2]]
        #expect(render([.numeric, .stats], services: [(Self.web, one)]) == golden("listing-stats"))
        #expect(render([.numeric, .stats, .exact], services: [(Self.web, one)]) == golden("listing-stats-exact"))
        #expect(render([.numeric, .rate], services: [(Self.web, one)]) == golden("listing-rate"))
    }

    @Test func rules() {
        let sctp = IPVSService(
            identity: .address(.sctp, .v4(IPv4Address(10, 0, 0, 5)), port: 9), scheduler: .roundRobin)
        let sctpServers = [
            IPVSDestination(address: .v4(IPv4Address(127, 0, 0, 1)), port: 9, forwarding: .local),
            IPVSDestination(
                address: .v4(IPv4Address(10, 0, 2, 2)), port: 9, forwarding: .tunnel, tunnel: IPVSTunnel(type: .ipip)),
            IPVSDestination(
                address: .v4(IPv4Address(10, 0, 2, 1)), port: 9, forwarding: .tunnel,
                tunnel: IPVSTunnel(type: .gre, checksum: .remoteChecksum)),
        ]
        let text = render([.numeric, .rule], services: all + [(sctp, sctpServers)])
        #expect(text == golden("listing-rules"))
    }

    @Test func noSortKeepsTheKernelsOrder() {
        let text = render([.numeric, .noSort], services: [(Self.web, Self.webServers)])
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("  -> 10") }
        #expect(lines.map { $0.split(separator: " ")[1] } == ["10.0.1.11:80", "10.0.1.10:8080", "10.0.1.10:80"])
    }

    @Test func namesAreCutLikeIPVSADMsBuffers() {
        #expect(
            ListingPrinter.cut("TCP  a-very-long-host-name.example.org:http", 33) == "TCP  a-very-long-host-name.exampl"
        )
        #expect(ListingPrinter.cut("short", 33) == "short")
    }

    @Test func withoutNumericAddressesAndPortsGetNames() {
        let printer = ListingPrinter(format: [], resolver: AdminNameLookup())
        let name = printer.addressAndPort(.v4(IPv4Address(127, 0, 0, 1)), 80, .tcp)
        // Whatever the machine's /etc/hosts calls 127.0.0.1, the port is the service name.
        #expect(name.hasSuffix(":http"))
        #expect(!name.hasPrefix("127.0.0.1"))
        #expect(printer.addressAndPort(.v4(IPv4Address(127, 0, 0, 1)), 80, nil).hasSuffix(":80"))
    }

    @Test func largeNumbers() {
        func text(_ v: UInt64, exact: Bool = false) -> String {
            var out = OutputBuffer()
            out.largeNumber(v, exact: exact)
            return String(decoding: out.take(), as: UTF8.self)
        }
        #expect(text(99_999_999) == " 99999999")
        #expect(text(100_000_000) == "  100000K")
        #expect(text(1_000_000_000) == "    1000M")
        #expect(text(100_000_000_000) == "     100G")
        #expect(text(100_000_000_000_000) == "     100T")
        #expect(text(12, exact: true) == "       12")
        #expect(text(123_456_789, exact: true) == " 123456789")
    }
}
