/// A DNS response code (`RCODE`, the header's low four bits).
public struct DNSResponseCode: Hashable, Sendable, CustomStringConvertible {
    /// The code's number (0–15).
    public var rawValue: UInt8

    /// The code numbered `rawValue`; nil above 15, which the header cannot carry.
    public init?(rawValue: UInt8) {
        guard rawValue <= 15 else { return nil }
        self.rawValue = rawValue
    }

    private init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// No error.
    public static let noError = DNSResponseCode(0)
    /// The server could not read the query.
    public static let formatError = DNSResponseCode(1)
    /// The server failed (often: it could not reach the zone's servers).
    public static let serverFailure = DNSResponseCode(2)
    /// The name does not exist.
    public static let nameError = DNSResponseCode(3)
    /// The server does not do this kind of query.
    public static let notImplemented = DNSResponseCode(4)
    /// The server will not answer (policy).
    public static let refused = DNSResponseCode(5)

    /// Every code of RFC 1035 and RFC 2136 by its usual mnemonic.
    static let named: [(name: String, code: DNSResponseCode)] = [
        ("NOERROR", .noError), ("FORMERR", .formatError), ("SERVFAIL", .serverFailure), ("NXDOMAIN", .nameError),
        ("NOTIMP", .notImplemented), ("REFUSED", .refused), ("YXDOMAIN", DNSResponseCode(6)),
        ("YXRRSET", DNSResponseCode(7)), ("NXRRSET", DNSResponseCode(8)), ("NOTAUTH", DNSResponseCode(9)),
        ("NOTZONE", DNSResponseCode(10)),
    ]

    /// Parses a mnemonic (`NOERROR`, `nxdomain`, …; case does not matter) or a number 0–15.
    public init(parsing text: String) throws(DNSSettingError) {
        let upper = text.uppercased()
        if let entry = Self.named.first(where: { $0.name == upper }) {
            self = entry.code
            return
        }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = UInt8(text),
            let code = DNSResponseCode(rawValue: number)
        {
            self = code
            return
        }
        throw DNSSettingError.unknownResponseCode(text)
    }

    /// The mnemonic, or `RCODEnn` for a code without one.
    public var description: String {
        Self.named.first { $0.code == self }?.name ?? "RCODE\(rawValue)"
    }
}
