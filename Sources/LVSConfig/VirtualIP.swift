import Addressing

/// `address = VIP DEVICE` and `vip_nmask` of a virtual or failover block: the address pulse
/// brings up on the active director, and the interface (alias) that carries it.
public struct VirtualIP: Hashable, Sendable, Codable {
    /// The virtual IP address, IPv4 or IPv6.
    public var address: IPAddress
    /// The interface or alias label, such as `eth0:1`.
    public var device: String
    /// `vip_nmask`: nil when not set (or 0.0.0.0, Piranha's "none").
    public var netmask: AddressMask?

    /// Creates a virtual IP.
    public init(address: IPAddress, device: String, netmask: AddressMask? = nil) {
        self.address = address
        self.device = device
        self.netmask = netmask
    }
}
