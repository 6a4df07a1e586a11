import Addressing

/// A netmask for an address of either family: a dotted IPv4 mask (`255.255.255.0`), or an IPv6
/// prefix length (`64`). Used by `vip_nmask`, `nat_nmask` and `pmask`.
public enum AddressMask: Hashable, Sendable, Codable, CustomStringConvertible {
    /// An IPv4 netmask.
    case v4(IPv4Netmask)
    /// An IPv6 prefix length, 1...128.
    case v6(prefixLength: Int)

    /// The address family the mask applies to.
    public var family: AddressFamily {
        switch self {
        case .v4: .inet
        case .v6: .inet6
        }
    }

    /// The prefix length (the number of leading one bits).
    public var prefixLength: Int {
        switch self {
        case .v4(let m): m.prefixLength
        case .v6(let n): n
        }
    }

    /// The text lvs.cf uses: the dotted mask for IPv4, the prefix length for IPv6.
    public var description: String {
        switch self {
        case .v4(let m): m.description
        case .v6(let n): String(n)
        }
    }

    /// Parses the text `description` gives.
    public init?(_ text: String) {
        if text.contains(".") {
            guard let a = IPv4Address(text), let m = IPv4Netmask(a) else { return nil }
            self = .v4(m)
        } else {
            guard let n = Int(text), (1...128).contains(n) else { return nil }
            self = .v6(prefixLength: n)
        }
    }

    /// Decodes the text `description` gives.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let mask = AddressMask(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "not a netmask or prefix length: \(text)"))
        }
        self = mask
    }

    /// Encodes `description`: `255.255.255.0` or `64`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
