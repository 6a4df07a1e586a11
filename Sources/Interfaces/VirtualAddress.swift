import Addressing

/// An address pulse puts on an interface when it activates: a VIP or `nat_router`.
public struct VirtualAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address.
    public var address: IPAddress
    /// The prefix length (from `vip_nmask`/`nat_nmask` for IPv4).
    public var prefixLength: Int
    /// Where it goes: the device, and for IPv4 the label (`eth0:1`).
    public var interface: InterfaceLabel
    /// IPv4 only: the broadcast address; `nil` sets none.
    public var broadcast: IPv4Address?

    /// An IPv4 address with a netmask; the broadcast address defaults to Piranha's
    /// `address | ~netmask` for prefixes up to /30 (a /31 or /32 has none).
    public init(_ address: IPv4Address, netmask: IPv4Netmask, interface: InterfaceLabel, broadcast: IPv4Address?? = nil)
    {
        self.address = .v4(address)
        prefixLength = netmask.prefixLength
        self.interface = interface
        if let broadcast {
            self.broadcast = broadcast
        } else {
            self.broadcast = netmask.prefixLength <= 30 ? netmask.broadcast(of: address) : nil
        }
    }

    /// An IPv6 address with a prefix length (0...128).
    public init(_ address: IPv6Address, prefixLength: Int, interface: InterfaceLabel) throws(InterfaceError) {
        guard (0...128).contains(prefixLength) else {
            throw InterfaceError(
                "address \(address)/\(prefixLength)", .invalidArgument("prefix length must be 0...128"))
        }
        self.address = .v6(address)
        self.prefixLength = prefixLength
        self.interface = interface
        broadcast = nil
    }

    /// `192.0.2.10/24`.
    public var cidr: String { "\(address)/\(prefixLength)" }

    /// `192.0.2.10/24 on eth0:1`.
    public var description: String { "\(cidr) on \(interface)" }
}
