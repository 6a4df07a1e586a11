/// A DNS check setting that cannot be used: a record type, response code, name or expected
/// answer given as text.
public enum DNSSettingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither a known mnemonic nor `TYPEnn`.
    case unknownRecordType(String)
    /// Neither a known mnemonic nor a number 0–15.
    case unknownResponseCode(String)
    /// The query name breaks a rule of domain names.
    case invalidName(String, reason: String)
    /// The expected answer cannot be an answer of the type asked for.
    case invalidExpectedAnswer(String, type: DNSRecordType, reason: String)

    public var description: String {
        switch self {
        case .unknownRecordType(let text):
            "DNS record type \"\(text)\" is unknown (use A, AAAA, NS, CNAME, SOA, PTR, MX, TXT, SRV, ANY or TYPEnn)"
        case .unknownResponseCode(let text):
            "DNS response code \"\(text)\" is unknown (use NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED, "
                + "YXDOMAIN, YXRRSET, NXRRSET, NOTAUTH, NOTZONE or a number 0-15)"
        case .invalidName(let text, let reason):
            "DNS name \"\(text)\": \(reason)"
        case .invalidExpectedAnswer(let text, let type, let reason):
            "expected \(type) answer \"\(text)\": \(reason)"
        }
    }
}
