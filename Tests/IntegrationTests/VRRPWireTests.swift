#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Control
import DaemonSupport
import Foundation
import LVSTestKit
import Pulse
import Testing
import VRRP

/// VRRP on the wire, in namespaces on this kernel: keepalived 2.2.7's own advertisements captured
/// by pulse's socket and decoded, and forged ones that pulse must drop and count.
@Suite(
    .serialized,
    .enabled(
        if: TestEnvironment.hostTestsEnabled, "needs root, network namespaces and keepalived (LVSROUTER_HOST_TESTS=1)"))
struct VRRPWireTests {
    static let group = IPAddress("224.0.0.18")!

    /// keepalived with three virtual routers (v2, v3 over IPv4, v3 over IPv6), as master, then
    /// stopped (priority 0): what arrives at the other director.
    @Test func keepalivedsAdvertisementsDecodeAndEncodeBackByteForByte() throws {
        let lab = try VRRPPairLab()
        defer { lab.tearDown() }
        for (node, host) in [("d1", "1"), ("d2", "2")] {
            _ = try lab[node].runChecked(["ip", "-6", "addr", "add", "2001:db8:72::\(host)/64", "dev", "eth0", "nodad"])
        }
        // Adverts over IPv6 come from the link-local address, which must have passed DAD.
        let linkLocalReady = eventually(within: .seconds(5)) {
            ["d1", "d2"].allSatisfy { node in
                let text =
                    (try? lab[node].runChecked(["ip", "-6", "addr", "show", "dev", "eth0", "scope", "link"])) ?? ""
                return text.contains("fe80") && !text.contains("tentative")
            }
        }
        #expect(linkLocalReady)
        let config = try lab.write(
            "keepalived-capture.conf",
            """
            global_defs {
                router_id capture
            }
            vrrp_instance v2 {
                state MASTER
                interface eth0
                virtual_router_id 81
                priority 150
                version 2
                advert_int 1
                virtual_ipaddress {
                    10.72.0.181/32
                }
            }
            vrrp_instance v3 {
                state MASTER
                interface eth0
                virtual_router_id 82
                priority 200
                version 3
                advert_int 0.5
                virtual_ipaddress {
                    10.72.0.182/32
                    10.72.0.183/32
                }
            }
            vrrp_instance v6 {
                state MASTER
                interface eth0
                virtual_router_id 83
                priority 100
                version 3
                advert_int 1
                virtual_ipaddress {
                    2001:db8:72::100/128
                }
            }

            """)
        let (v4, v6) = try inside(lab["d2"]) {
            (
                try VRRPSocket.open(for: IPAddress("10.72.0.2")!, multicast: true),
                try VRRPSocket.open(for: IPAddress("2001:db8:72::2")!, multicast: true)
            )
        }
        let keepalived = try lab["d1"].start([
            "keepalived", "--dont-fork", "--no-syslog", "--log-console", "--vrrp", "-f", config, "-p",
            lab.directory + "/k.pid", "-r", lab.directory + "/v.pid", "-c", lab.directory + "/c.pid",
        ])
        var packets: [VRRPReceivedPacket] = []
        /// Captures for `length`, or until an advert of each router arrived (`untilAll`).
        func capture(for length: Duration, untilAll: Bool = false) {
            let end = ContinuousClock.now + length
            while ContinuousClock.now < end {
                if untilAll, Set(packets.map { $0.payload.count > 1 ? $0.payload[1] : 0 }) == [81, 82, 83] { return }
                for socket in [v4, v6] {
                    while let packet = try? socket.receive() { packets.append(packet) }
                }
                usleep(2000)
            }
        }
        // keepalived enters BACKUP first and becomes master after a master-down interval.
        capture(for: .seconds(10), untilAll: true)
        keepalived.signal(SIGTERM)
        capture(for: .milliseconds(800))
        _ = try? keepalived.wait(timeout: .seconds(5))

        var seen: Set<String> = []
        for packet in packets {
            #expect(packet.hopLimit == 255, "hop limit \(packet.hopLimit) from \(packet.source)")
            let advert = try VRRPPacketCodec.decode(packet.payload, from: packet.source, to: packet.destination)
            #expect(
                VRRPPacketCodec.encode(advert, from: packet.source, to: packet.destination) == packet.payload,
                "re-encoding VRID \(advert.virtualRouterID) priority \(advert.priority)")
            seen.insert(
                "v\(advert.version.rawValue) \(advert.virtualRouterID) \(advert.priority) \(advert.intervalCentiseconds) \(advert.addresses.map(\.description).joined(separator: ","))"
            )
        }
        let expected: Set<String> = [
            "v2 81 150 100 10.72.0.181", "v2 81 0 100 10.72.0.181",
            "v3 82 200 50 10.72.0.182,10.72.0.183", "v3 82 0 50 10.72.0.182,10.72.0.183",
            "v3 83 100 100 2001:db8:72::100", "v3 83 0 100 2001:db8:72::100",
        ]
        #expect(seen == expected, "captured: \(seen.sorted()); keepalived: \(keepalived.standardErrorText)")
        let sources = Set(packets.filter { $0.source.family == .inet6 }.map(\.source.description))
        #expect(sources.allSatisfy { $0.hasPrefix("fe80:") }, "IPv6 adverts from \(sources)")
    }

    /// Sends `bytes` as an IPv4 VRRP packet from the client to the group with `ttl`.
    static func inject(_ bytes: [UInt8], ttl: CInt, from lab: VRRPPairLab) throws {
        try inside(lab["cl"]) {
            let socket = try Socket(family: AF_INET, .raw, protocol: CInt(VRRPAdvertisement.ipProtocol))
            defer { socket.closeQuietly() }
            var request = ip_mreqn()
            request.imr_ifindex = CInt(if_nametoindex("eth0"))
            try socket.setOption(level: CInt(IPPROTO_IP), IP_MULTICAST_IF, value: request, name: "IP_MULTICAST_IF")
            try socket.setOption(level: CInt(IPPROTO_IP), IP_MULTICAST_TTL, to: ttl, name: "IP_MULTICAST_TTL")
            try socket.bind(to: SocketAddress(address: IPAddress(VRRPPairLab.address["cl"]!)!, port: 0))
            _ = try socket.send(bytes, to: SocketAddress(address: group, port: 0))
        }
    }

    @Test func forgedAdvertisementsAreDroppedCountedAndNeverUnseatTheMaster() throws {
        let lab = try VRRPPairLab()
        defer { lab.tearDown() }
        try lab.start("d1", .pulse(priority: 150))
        #expect(lab.waitUntilHolding("d1"))
        let client = IPAddress(VRRPPairLab.address["cl"]!)!
        let vip = IPAddress(VRRPPairLab.vip)!
        func advert(
            _ version: VRRPAdvertisement.Version = .v3, vrid: Int = VRRPPairLab.virtualRouterID,
            addresses: [IPAddress] = [vip]
        ) -> [UInt8] {
            VRRPPacketCodec.encode(
                VRRPAdvertisement(
                    version: version, virtualRouterID: UInt8(vrid), priority: 200,
                    intervalCentiseconds: version == .v2 ? 100 : 20,
                    addresses: addresses), from: client, to: Self.group)
        }
        var badChecksum = advert()
        badChecksum[7] ^= 0xFF
        // Each would make pulse a backup, were it accepted.
        let forged: [(String, [UInt8], CInt)] = [
            ("ttl", advert(), 64),
            ("virtual-router-id", advert(vrid: 72), 255),
            ("checksum", badChecksum, 255),
            ("version", advert(.v2), 255),
            ("malformed", Array(advert().prefix(6)), 255),
        ]
        for (_, bytes, ttl) in forged { try Self.inject(bytes, ttl: ttl, from: lab) }
        let sampled = lab.sampleHolders(for: .milliseconds(500))
        #expect(sampled.last == ["d1"], "a forged advert unseated the master: \(sampled.last)")
        let status = try lab.status("d1")
        let expected = Dictionary(uniqueKeysWithValues: forged.map { ($0.0, 1) })
        #expect(status.droppedHeartbeats == expected)
        #expect(status.vrrp?.received == 0)
        #expect(
            lab.process("d1")?.standardErrorText.contains("dropping VRRP advertisement from 10.72.0.9: ttl") == true)
        // A well-formed advert carrying another VIP: counted, and obeyed (keepalived would drop it
        // and could become a second master; pulse gives way to priority 200). It also shows the
        // injection reaches pulse.
        try Self.inject(advert(addresses: [IPAddress("10.72.0.101")!]), ttl: 255, from: lab)
        #expect(eventually(within: .seconds(1)) { lab.holders.isEmpty })
        let after = try lab.status("d1")
        #expect(after.vrrp?.received == 1)
        #expect(after.droppedHeartbeats?["addresses"] == 1)
    }
}
