import Addressing

/// The persistence granularity of a service (`IPVS_SVC_ATTR_NETMASK`): clients whose addresses
/// agree under this mask share one persistence template.
///
/// The kernel stores the attribute's four bytes as they come: an IPv4 mask as its network-order
/// bytes, an IPv6 prefix length as a host-order integer.
public enum IPVSNetmask: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 mask, such as 255.255.255.0 (`-M 255.255.255.0`). Need not be contiguous.
    case ipv4(IPv4Address)
    /// An IPv6 prefix length, 1…128 (`-M 64`).
    case ipv6(prefixLength: UInt32)

    /// The default for a family: /32 for IPv4, /128 for IPv6 (one client per template).
    public static func `default`(for family: AddressFamily) -> IPVSNetmask {
        family == .inet6 ? .ipv6(prefixLength: 128) : .ipv4(IPv4Address(0xFFFF_FFFF))
    }

    /// Whether this is the family's default (no grouping of clients).
    public var isDefault: Bool {
        switch self {
        case .ipv4(let mask): mask.value == 0xFFFF_FFFF
        case .ipv6(let length): length == 128
        }
    }

    /// `255.255.255.0` or `64`.
    public var description: String {
        switch self {
        case .ipv4(let mask): mask.description
        case .ipv6(let length): "\(length)"
        }
    }
}
