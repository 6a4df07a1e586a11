/// A DNS record type a check can ask for (lvs.cf `dns_type`).
public struct DNSRecordType: Hashable, Sendable, CustomStringConvertible {
    /// The 16-bit TYPE value.
    public let value: UInt16

    /// The type `value`.
    public init(_ value: UInt16) { self.value = value }

    private static let named: [(String, UInt16)] = [
        ("A", 1), ("NS", 2), ("CNAME", 5), ("SOA", 6), ("PTR", 12), ("MX", 15), ("TXT", 16), ("AAAA", 28),
        ("SRV", 33), ("ANY", 255),
    ]

    /// A: an IPv4 address.
    public static let a = DNSRecordType(1)
    /// NS: an authoritative name server.
    public static let ns = DNSRecordType(2)
    /// CNAME: the canonical name of an alias.
    public static let cname = DNSRecordType(5)
    /// SOA: the check's default (as keepalived's), which any authoritative server answers for its zone.
    public static let soa = DNSRecordType(6)
    /// PTR: a domain name pointer (reverse lookups).
    public static let ptr = DNSRecordType(12)
    /// MX: a mail exchanger.
    public static let mx = DNSRecordType(15)
    /// TXT: text strings.
    public static let txt = DNSRecordType(16)
    /// AAAA: an IPv6 address.
    public static let aaaa = DNSRecordType(28)
    /// SRV: a service location.
    public static let srv = DNSRecordType(33)
    /// ANY: every record of the name (a query type only).
    public static let any = DNSRecordType(255)

    /// A name (`A`, `aaaa`, `SOA`…) or `TYPEn` (RFC 3597); nil otherwise.
    public init?(text: String) {
        let upper = text.uppercased()
        if let entry = Self.named.first(where: { $0.0 == upper }) {
            self.init(entry.1)
        } else if upper.hasPrefix("TYPE"), let n = UInt16(upper.dropFirst(4)), n > 0 {
            self.init(n)
        } else {
            return nil
        }
    }

    /// The name, or `TYPEn`.
    public var description: String {
        Self.named.first(where: { $0.1 == value })?.0 ?? "TYPE\(value)"
    }
}

extension DNSRecordType: Codable {
    /// Decodes the text form (`description`).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = DNSRecordType(text: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad DNSRecordType \(text)"))
        }
        self = value
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
