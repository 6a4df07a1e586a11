import Addressing
import Logging
import LVSTestKit
import Testing

@testable import IPVS

/// The client decodes what a real kernel sent (``RecordedReplies``), replayed in order.
@Suite struct RecordedKernelRepliesTests {
    @Test func decodesEveryRecordedReply() throws {
        var request = 0
        let transport = ScriptedNetlinkTransport { _ in
            defer { request += 1 }
            return request < RecordedReplies.answers.count ? RecordedReplies.answers[request] : []
        }
        let client = IPVSClient(
            transport: transport, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))

        #expect(try client.info() == IPVSInfo(version: 0x01_02_01, connectionTableSize: 4096))
        #expect(try client.timeouts() == .kernelDefaults)

        let web = IPVSServiceIdentity.address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80)
        let mark = IPVSServiceIdentity.firewallMark(7, family: .inet6)
        let services = try client.services()
        #expect(
            services == [
                IPVSService(
                    identity: web, scheduler: .weightedLeastConnections, flags: [.persistent, .hashed],
                    persistenceTimeout: 360, netmask: .ipv4(IPv4Address(255, 255, 255, 0)), statistics: IPVSStatistics()
                ),
                IPVSService(
                    identity: mark, scheduler: .sourceHashing, flags: [.persistent, .hashed, .scheduler2],
                    persistenceTimeout: 60, netmask: .ipv6(prefixLength: 128), persistenceEngine: "sip",
                    statistics: IPVSStatistics()),
            ])

        #expect(
            try client.destinations(of: web) == [
                IPVSDestination(
                    address: .v4(IPv4Address(10, 0, 1, 10)), port: 80, forwarding: .masquerade, weight: 3,
                    upperThreshold: 100, lowerThreshold: 10, statistics: IPVSStatistics())
            ])
        #expect(
            try client.destinations(of: mark) == [
                IPVSDestination(
                    address: .v6(IPv6Address("2001:db8::10")!), port: 0, forwarding: .tunnel, weight: 1,
                    tunnel: IPVSTunnel(type: .gue, port: 6080, checksum: .checksum), statistics: IPVSStatistics())
            ])
        #expect(
            try client.syncDaemons() == [
                IPVSSyncDaemon(
                    role: .master, interface: "d0", syncID: 5, maximumLength: 1472,
                    group: .v4(IPv4Address(224, 0, 0, 81)), port: 8848, ttl: 1)
            ])
        #expect(transport.sent.count == 6)
    }
}
