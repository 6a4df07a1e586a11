import Addressing

/// An address configured on an interface, as the kernel lists it.
public struct InterfaceAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address (`IFA_LOCAL`).
    public var address: IPAddress
    /// The prefix length.
    public var prefixLength: Int
    /// The interface index.
    public var interfaceIndex: Int32
    /// IPv4: the label (`eth0`, `eth0:1`); IPv6: `nil`.
    public var label: String?
    /// IPv4: the broadcast address, if set.
    public var broadcast: IPv4Address?
    /// The kernel's `IFA_F_*` flags.
    public var flags: UInt32

    /// Creates an entry (the kernel's come from ``RouteNetlinkSocket/addresses(on:)``).
    public init(
        address: IPAddress, prefixLength: Int, interfaceIndex: Int32, label: String?, broadcast: IPv4Address?,
        flags: UInt32
    ) {
        self.address = address
        self.prefixLength = prefixLength
        self.interfaceIndex = interfaceIndex
        self.label = label
        self.broadcast = broadcast
        self.flags = flags
    }

    /// `192.0.2.10/24 (eth0:1)`.
    public var description: String { "\(address)/\(prefixLength)\(label.map { " (\($0))" } ?? "")" }
}

/// What an idempotent add or remove did.
public enum AddressChange: Hashable, Sendable {
    /// The kernel changed.
    case changed
    /// Nothing to do: the address was already there (add) or already gone (remove).
    case unchanged
}
