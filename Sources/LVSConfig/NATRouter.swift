import Addressing

/// `nat_router = ADDRESS DEVICE` and `nat_nmask`: the real servers' gateway address in NAT mode,
/// brought up (and ARPed for) on the active director.
public struct NATRouter: Hashable, Sendable, Codable {
    /// The gateway address.
    public var address: IPAddress
    /// The interface (alias) that carries it, such as `eth1:1`.
    public var device: String
    /// `nat_nmask`; nil when not set.
    public var netmask: AddressMask?

    /// Creates a NAT router.
    public init(address: IPAddress, device: String, netmask: AddressMask? = nil) {
        self.address = address
        self.device = device
        self.netmask = netmask
    }
}
