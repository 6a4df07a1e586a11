/// An IPv4 or IPv6 address.
public enum IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses a strict dotted quad or an IPv6 address (without brackets).
    public init?(_ text: some StringProtocol) {
        if let a = IPv4Address(text) {
            self = .v4(a)
        } else if let a = IPv6Address(text) {
            self = .v6(a)
        } else {
            return nil
        }
    }

    /// Creates an address from 4 or 16 network-order bytes.
    public init?(bytes: some Collection<UInt8>) {
        if let a = IPv4Address(bytes: bytes) {
            self = .v4(a)
        } else if let a = IPv6Address(bytes: bytes) {
            self = .v6(a)
        } else {
            return nil
        }
    }

    /// The address family.
    public var family: AddressFamily {
        switch self {
        case .v4: .inet
        case .v6: .inet6
        }
    }

    /// The network-order bytes: 4 for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let a): a.bytes
        case .v6(let a): a.bytes
        }
    }

    /// The conventional text: dotted quad or `inet_ntop` form, no brackets.
    public var description: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        }
    }

    /// The text for use before `:port`: IPv6 in brackets (`[2001:db8::1]`), IPv4 as is.
    public var bracketedDescription: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): "[\(a)]"
        }
    }

    /// The IPv4 address, if this is one.
    public var v4: IPv4Address? {
        if case .v4(let a) = self { return a }
        return nil
    }

    /// The IPv6 address, if this is one.
    public var v6: IPv6Address? {
        if case .v6(let a) = self { return a }
        return nil
    }

    /// Whether this is 0.0.0.0 or `::`.
    public var isUnspecified: Bool {
        switch self {
        case .v4(let a): a.isUnspecified
        case .v6(let a): a.isUnspecified
        }
    }

    /// Whether this is a multicast address.
    public var isMulticast: Bool {
        switch self {
        case .v4(let a): a.isMulticast
        case .v6(let a): a.isMulticast
        }
    }

    /// Whether this is an IPv6 link-local address (fe80::/10), which needs its interface named.
    public var isIPv6LinkLocal: Bool { v6?.isLinkLocal ?? false }

    /// IPv4 sorts before IPv6; within a family, by value.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): a < b
        case (.v6(let a), .v6(let b)): a < b
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }
}

/// An address family, with the kernel's `AF_*` value.
public enum AddressFamily: UInt16, Hashable, Sendable, CustomStringConvertible {
    /// `AF_INET`.
    case inet = 2
    /// `AF_INET6`.
    case inet6 = 10

    public var description: String {
        switch self {
        case .inet: "IPv4"
        case .inet6: "IPv6"
        }
    }
}
