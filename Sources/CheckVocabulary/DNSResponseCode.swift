/// A DNS response code (RCODE), by number and by its name in RFC 1035 and RFC 2136
/// (lvs.cf `dns_rcode`).
public struct DNSResponseCode: Hashable, Sendable, CustomStringConvertible {
    /// The 4-bit code.
    public let value: UInt8

    /// The code `value`.
    public init(_ value: UInt8) { self.value = value & 0x0F }

    private static let names = [
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET",
        "NOTAUTH", "NOTZONE",
    ]

    /// NOERROR: the check's default.
    public static let noError = DNSResponseCode(0)
    /// NXDOMAIN: the name does not exist.
    public static let nameError = DNSResponseCode(3)

    /// A name (`NOERROR`, `nxdomain`) or a number 0-15; nil otherwise.
    public init?(text: String) {
        let upper = text.uppercased()
        if let index = Self.names.firstIndex(of: upper) {
            self.init(UInt8(index))
        } else if let n = UInt8(text), n <= 15 {
            self.init(n)
        } else {
            return nil
        }
    }

    /// The name, or `RCODE n` for a code without one.
    public var description: String {
        Int(value) < Self.names.count ? Self.names[Int(value)] : "RCODE \(value)"
    }
}

extension DNSResponseCode: Codable {
    /// Decodes the text form (`description`).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = DNSResponseCode(text: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad DNSResponseCode \(text)"))
        }
        self = value
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
