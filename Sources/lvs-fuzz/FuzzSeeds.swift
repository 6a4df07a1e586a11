import Addressing
import HealthCheck
import Heartbeat
import IPVS
import VRRP

/// Well-formed inputs for the targets whose format a fuzzer would take long to find by itself:
/// heartbeats from the real sender (both formats, keyed or not, every state) and netlink
/// messages from the real IPVS encoder, whose attributes are laid out as the kernel's replies';
/// DNS responses with compressed names and every record type the check renders; SMTP replies.
enum FuzzSeeds {
    /// Named seed inputs for `target` (empty for the text formats, whose seeds are files).
    static func inputs(for target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        switch target {
        case .heartbeat: heartbeats()
        case .netlink: netlinkMessages()
        case .dns: dnsResponses()
        case .smtp: smtpReplies()
        case .vrrp: vrrpAdverts()
        case .config, .control, .restore: []
        }
    }

    private static func heartbeats() -> [(name: String, bytes: [UInt8])] {
        var seeds: [(name: String, bytes: [UInt8])] = []
        let states: [HeartbeatState] = [.inactive, .active, .stopping, .handingOver, .faulted, .requestingTakeover]
        for (flags, wire, keyed) in [
            (UInt8(0), HeartbeatProtocol.lvsrouter, false), (1, .piranha, false), (4, .lvsrouter, true),
        ] {
            // The receiver is the primary (flag bit 1 clear): the backup sends.
            var sender = HeartbeatSender(
                protocol: wire, role: .backup, bootID: 99, configSerial: 3, paths: [.public, .private],
                key: keyed ? FuzzTarget.key : nil)
            var input: [UInt8] = [flags, 50]
            for (index, state) in states.enumerated() {
                let wall = WallClockTime(seconds: 1_700_000_000 + Int64(index), nanoseconds: 0)
                for datagram in sender.datagrams(announcing: state, table: .ready, at: wall) {
                    input += [UInt8(datagram.bytes.count)] + datagram.bytes
                }
            }
            seeds.append(("\(wire)\(keyed ? "-keyed" : "")", input))
        }
        return seeds
    }

    private static func netlinkMessages() -> [(name: String, bytes: [UInt8])] {
        let encoder = IPVSMessageEncoder(familyID: 0x20)
        let service = IPVSService(identity: .firewallMark(1, family: .inet))
        let destination = IPVSDestination(address: .v4(IPv4Address(10, 0, 1, 11)), port: 80, forwarding: .masquerade)
        let operations: [(String, IPVSOperation)] = [
            ("service", .addService(service)),
            ("destination", .addDestination(destination, service: service.identity)),
            ("timeouts", .setTimeouts(IPVSTimeouts(tcp: 900, tcpFin: 120, udp: 300))),
        ]
        return operations.compactMap { name, operation in
            (try? encoder.encode(operation, sequence: 1)).map { (name, $0) }
        }
    }

    /// Responses to the dns target's query (id 0x1234): the answers' owners point at the question.
    private static func dnsResponses() -> [(name: String, bytes: [UInt8])] {
        let query = DNSQuery(name: FuzzTarget.dnsCheck.name, type: .a, id: 0x1234)
        func record(_ type: UInt16, _ data: [UInt8]) -> [UInt8] {
            [
                0xC0, 0x0C, UInt8(type >> 8), UInt8(type & 0xFF), 0, 1, 0, 0, 1, 0x2C, UInt8(data.count >> 8),
                UInt8(data.count & 0xFF),
            ]
                + data
        }
        func response(rcode: UInt8, _ answers: [[UInt8]]) -> [UInt8] {
            var bytes = query.wire
            bytes[2] = 0x81
            bytes[3] = 0x80 | rcode
            bytes[7] = UInt8(answers.count)
            return bytes + answers.joined()
        }
        let mail: [UInt8] = [4] + Array("mail".utf8) + [0xC0, 0x10]
        return [
            ("a", response(rcode: 0, [record(1, [10, 0, 0, 1])])),
            (
                "cname-a",
                response(rcode: 0, [record(5, [3] + Array("web".utf8) + [0xC0, 0x10]), record(1, [10, 0, 0, 2])])
            ),
            (
                "mx-txt-srv",
                response(
                    rcode: 0,
                    [
                        record(15, [0, 10] + mail), record(16, [3] + Array("a=b".utf8)),
                        record(33, [0, 1, 0, 2, 0, 25] + mail),
                    ])
            ),
            ("soa", response(rcode: 0, [record(6, mail + mail + Array(repeating: 1, count: 20))])),
            ("nxdomain", response(rcode: 3, [])),
        ]
    }

    /// A whole conversation's replies, read in chunks of 16 bytes.
    private static func smtpReplies() -> [(name: String, bytes: [UInt8])] {
        let text =
            "220-mx.example.com ESMTP\r\n220 ready\r\n250-mx.example.com\r\n250-PIPELINING\r\n250 SIZE 1000\r\n221 bye\r\n"
        return [("conversation", [15] + Array(text.utf8))]
    }

    /// Adverts as keepalived 2.2.7 sends them: VRRPv2 and v3 over IPv4 (with the pseudo-header),
    /// v3 over IPv6 (from fe80::1).
    private static func vrrpAdverts() -> [(name: String, bytes: [UInt8])] {
        let vip4 = IPAddress("192.0.2.100")!, vip6 = IPAddress("2001:db8::100")!
        let v2 = VRRPAdvertisement(
            version: .v2, virtualRouterID: 51, priority: 150, intervalCentiseconds: 100, addresses: [vip4])
        let v3 = VRRPAdvertisement(
            version: .v3, virtualRouterID: 52, priority: 200, intervalCentiseconds: 50, addresses: [vip4])
        let v6 = VRRPAdvertisement(
            version: .v3, virtualRouterID: 53, priority: 100, intervalCentiseconds: 100, addresses: [vip6])
        let (source4, group4) = FuzzTarget.vrrpPeers[0], (source6, group6) = FuzzTarget.vrrpPeers[1]
        return [
            ("v2", VRRPPacketCodec.encode(v2, from: source4, to: group4)),
            ("v3", VRRPPacketCodec.encode(v3, from: source4, to: group4)),
            ("v3-ipv6", VRRPPacketCodec.encode(v6, from: source6, to: group6)),
        ]
    }
}
