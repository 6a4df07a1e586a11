/// A DNS record type (`QTYPE`/`TYPE`), by number; the common ones have names.
public struct DNSRecordType: Hashable, Sendable, CustomStringConvertible {
    /// The type's number on the wire.
    public var rawValue: UInt16

    /// The type numbered `rawValue`.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// An IPv4 address.
    public static let a = DNSRecordType(rawValue: 1)
    /// An authoritative name server.
    public static let ns = DNSRecordType(rawValue: 2)
    /// The canonical name of an alias.
    public static let cname = DNSRecordType(rawValue: 5)
    /// The start of a zone of authority (keepalived's default for its DNS check).
    public static let soa = DNSRecordType(rawValue: 6)
    /// A domain name pointer (reverse lookups).
    public static let ptr = DNSRecordType(rawValue: 12)
    /// A mail exchanger.
    public static let mx = DNSRecordType(rawValue: 15)
    /// Text strings.
    public static let txt = DNSRecordType(rawValue: 16)
    /// An IPv6 address.
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// A service location.
    public static let srv = DNSRecordType(rawValue: 33)
    /// Every record of the name (a query type only; many servers answer it sparingly).
    public static let any = DNSRecordType(rawValue: 255)

    /// The named types, by their usual upper-case mnemonic.
    static let named: [(name: String, type: DNSRecordType)] = [
        ("A", .a), ("NS", .ns), ("CNAME", .cname), ("SOA", .soa), ("PTR", .ptr), ("MX", .mx), ("TXT", .txt),
        ("AAAA", .aaaa), ("SRV", .srv), ("ANY", .any),
    ]

    /// Parses a mnemonic (`A`, `aaaa`, `Soa`, …; case does not matter) or the generic `TYPEnn`
    /// form of RFC 3597 (`TYPE99`, 1–65535).
    public init(parsing text: String) throws(DNSSettingError) {
        let upper = text.uppercased()
        if let entry = Self.named.first(where: { $0.name == upper }) {
            self = entry.type
            return
        }
        let digits = upper.dropFirst(4)
        if upper.hasPrefix("TYPE"), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = UInt16(digits),
            number > 0
        {
            self.init(rawValue: number)
            return
        }
        throw DNSSettingError.unknownRecordType(text)
    }

    /// The mnemonic, or `TYPEnn` for a type without one.
    public var description: String {
        Self.named.first { $0.type == self }?.name ?? "TYPE\(rawValue)"
    }
}
