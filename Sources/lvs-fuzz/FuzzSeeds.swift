import Addressing
import Heartbeat
import IPVS

/// Well-formed inputs for the targets whose format a fuzzer would take long to find by itself:
/// heartbeats from the real sender (both formats, keyed or not, every state) and netlink
/// messages from the real IPVS encoder, whose attributes are laid out as the kernel's replies'.
enum FuzzSeeds {
    /// Named seed inputs for `target` (empty for the text formats, whose seeds are files).
    static func inputs(for target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        switch target {
        case .heartbeat: heartbeats()
        case .netlink: netlinkMessages()
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
}
