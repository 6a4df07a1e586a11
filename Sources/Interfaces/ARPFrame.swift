import Addressing

/// An Ethernet frame carrying an ARP packet for IPv4 over Ethernet (RFC 826), built as bytes.
///
/// Layout (all big-endian), padded with zeros to the 60-byte Ethernet minimum (without FCS):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 6 | Ethernet destination |
/// | 6 | 6 | Ethernet source |
/// | 12 | 2 | EtherType `0x0806` (`ETH_P_ARP`) |
/// | 14 | 2 | hardware type 1 (`ARPHRD_ETHER`) |
/// | 16 | 2 | protocol type `0x0800` (`ETH_P_IP`) |
/// | 18 | 1 | hardware address length 6 |
/// | 19 | 1 | protocol address length 4 |
/// | 20 | 2 | operation: 1 request (`ARPOP_REQUEST`), 2 reply (`ARPOP_REPLY`) |
/// | 22 | 6 | sender hardware address |
/// | 28 | 4 | sender protocol address |
/// | 32 | 6 | target hardware address |
/// | 38 | 4 | target protocol address |
/// | 42 | 18 | zero padding |
public struct ARPFrame: Hashable, Sendable {
    /// The ARP operation.
    public enum Operation: UInt16, Hashable, Sendable {
        /// `ARPOP_REQUEST`.
        case request = 1
        /// `ARPOP_REPLY`.
        case reply = 2
    }

    /// `ETH_P_ARP`.
    public static let etherType: UInt16 = 0x0806
    /// The frame length on the wire: the Ethernet minimum without FCS.
    public static let length = 60

    /// Ethernet destination.
    public var ethernetDestination: MACAddress
    /// Ethernet source.
    public var ethernetSource: MACAddress
    /// Request or reply.
    public var operation: Operation
    /// Sender hardware address (SHA).
    public var senderHardwareAddress: MACAddress
    /// Sender protocol address (SPA).
    public var senderAddress: IPv4Address
    /// Target hardware address (THA).
    public var targetHardwareAddress: MACAddress
    /// Target protocol address (TPA).
    public var targetAddress: IPv4Address

    /// Creates a frame from its fields.
    public init(
        ethernetDestination: MACAddress, ethernetSource: MACAddress, operation: Operation,
        senderHardwareAddress: MACAddress, senderAddress: IPv4Address, targetHardwareAddress: MACAddress,
        targetAddress: IPv4Address
    ) {
        self.ethernetDestination = ethernetDestination
        self.ethernetSource = ethernetSource
        self.operation = operation
        self.senderHardwareAddress = senderHardwareAddress
        self.senderAddress = senderAddress
        self.targetHardwareAddress = targetHardwareAddress
        self.targetAddress = targetAddress
    }

    /// A gratuitous ARP request, the form `arping -U` and keepalived send: broadcast, "who has
    /// `address`, tell `address`", sender and target protocol addresses both `address`, target
    /// hardware address ff:ff:ff:ff:ff:ff.
    public static func gratuitousRequest(announcing address: IPv4Address, from mac: MACAddress) -> ARPFrame {
        ARPFrame(
            ethernetDestination: .broadcast, ethernetSource: mac, operation: .request, senderHardwareAddress: mac,
            senderAddress: address, targetHardwareAddress: .broadcast, targetAddress: address)
    }

    /// Piranha's `send_arp` frame: a gratuitous ARP *reply* (RFC 2002 §4.6) with both hardware
    /// addresses `mac` and both protocol addresses `address`, sent to `destination` (pulse passed
    /// ff:ff:ff:ff:ff:ff).
    public static func gratuitousReply(
        announcing address: IPv4Address, from mac: MACAddress, to destination: MACAddress = .broadcast
    ) -> ARPFrame {
        ARPFrame(
            ethernetDestination: destination, ethernetSource: mac, operation: .reply, senderHardwareAddress: mac,
            senderAddress: address, targetHardwareAddress: mac, targetAddress: address)
    }

    /// The 60 bytes on the wire.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Self.length)
        out += ethernetDestination.bytes
        out += ethernetSource.bytes
        out += [UInt8(Self.etherType >> 8), UInt8(Self.etherType & 0xff)]
        out += [0x00, 0x01, 0x08, 0x00, 6, 4]
        out += [UInt8(operation.rawValue >> 8), UInt8(operation.rawValue & 0xff)]
        out += senderHardwareAddress.bytes
        out += senderAddress.bytes
        out += targetHardwareAddress.bytes
        out += targetAddress.bytes
        out += [UInt8](repeating: 0, count: Self.length - out.count)
        return out
    }
}
