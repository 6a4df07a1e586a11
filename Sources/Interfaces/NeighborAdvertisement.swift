import Addressing

/// An unsolicited IPv6 Neighbor Advertisement (RFC 4861 §7.2.6) in an Ethernet frame: the IPv6
/// counterpart of a gratuitous ARP, telling every node on the link that `target` is now at `mac`.
///
/// The frame is 86 bytes:
///
/// - Ethernet: destination 33:33:00:00:00:01 (the MAC of ff02::1), source `mac`, EtherType
///   `0x86DD` (`ETH_P_IPV6`).
/// - IPv6 header: version 6, traffic class 0, flow label 0, payload length 32, next header 58
///   (ICMPv6), hop limit 255 (receivers drop neighbour discovery with any other), source `target`,
///   destination ff02::1 (all nodes).
/// - ICMPv6: type 136, code 0, checksum over the IPv6 pseudo-header (RFC 8200 §8.1) and the message;
///   flags Router 0, Solicited 0, Override 1 (so neighbours replace the old link-layer address);
///   target address; option 2 (Target Link-Layer Address), length 1 (8 bytes), `mac`.
public struct NeighborAdvertisement: Hashable, Sendable {
    /// The address being announced.
    public var target: IPv6Address
    /// Its new link-layer address.
    public var mac: MACAddress
    /// Whether the Router flag is set (a router announcing itself).
    public var isRouter: Bool

    /// `ETH_P_IPV6`.
    public static let etherType: UInt16 = 0x86DD
    /// ff02::1, all nodes on the link.
    public static let allNodes = IPv6Address("ff02::1")!
    /// 33:33:00:00:00:01, the Ethernet multicast address of ff02::1 (RFC 2464 §7).
    public static let allNodesMAC = MACAddress(bytes: [0x33, 0x33, 0x00, 0x00, 0x00, 0x01])!
    /// The frame length.
    public static let length = 86

    /// Creates an unsolicited advertisement of `target` at `mac`.
    public init(announcing target: IPv6Address, from mac: MACAddress, isRouter: Bool = false) {
        self.target = target
        self.mac = mac
        self.isRouter = isRouter
    }

    /// The ICMPv6 message (32 bytes), checksum included.
    public var icmpMessage: [UInt8] {
        var message: [UInt8] = [136, 0, 0, 0]
        message += [(isRouter ? 0x80 : 0) | 0x20, 0, 0, 0]
        message += target.bytes
        message += [2, 1] + mac.bytes
        let sum = Self.checksum(source: target, destination: Self.allNodes, icmpMessage: message)
        message[2] = UInt8(sum >> 8)
        message[3] = UInt8(sum & 0xff)
        return message
    }

    /// The 86 bytes on the wire.
    public var bytes: [UInt8] {
        let message = icmpMessage
        var out = [UInt8]()
        out.reserveCapacity(Self.length)
        out += Self.allNodesMAC.bytes
        out += mac.bytes
        out += [UInt8(Self.etherType >> 8), UInt8(Self.etherType & 0xff)]
        out += [0x60, 0, 0, 0]
        out += [UInt8(message.count >> 8), UInt8(message.count & 0xff), 58, 255]
        out += target.bytes
        out += Self.allNodes.bytes
        out += message
        return out
    }

    /// The ICMPv6 checksum: the ones' complement of the ones' complement sum of the pseudo-header
    /// (source, destination, upper-layer length, next header 58) and `icmpMessage`, whose own
    /// checksum field must be zero.
    public static func checksum(source: IPv6Address, destination: IPv6Address, icmpMessage: [UInt8]) -> UInt16 {
        var data = source.bytes + destination.bytes
        let length = UInt32(icmpMessage.count)
        data += [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
        data += [0, 0, 0, 58]
        data += icmpMessage
        if data.count % 2 == 1 { data.append(0) }
        var sum: UInt32 = 0
        for i in stride(from: 0, to: data.count, by: 2) {
            sum += UInt32(data[i]) << 8 | UInt32(data[i + 1])
        }
        while sum >> 16 != 0 { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
