/// `persistent` and `pmask`: client affinity (ipvsadm `-p TIMEOUT -M MASK`).
public struct Persistence: Hashable, Sendable, Codable {
    /// `persistent`: the persistence timeout in seconds, > 0.
    public var timeout: UInt32
    /// `pmask`: nil for a single client address (`255.255.255.255`, or `128` for IPv6).
    public var netmask: AddressMask?

    /// Creates persistence settings.
    public init(timeout: UInt32, netmask: AddressMask? = nil) {
        self.timeout = timeout
        self.netmask = netmask
    }
}
