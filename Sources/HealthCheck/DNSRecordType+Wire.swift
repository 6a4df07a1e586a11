import CheckVocabulary

// The types whose data a DNS check decodes, beyond the A, AAAA and SOA the vocabulary names.
extension DNSRecordType {
    /// NS: an authoritative name server.
    public static let ns = DNSRecordType(2)
    /// CNAME: the canonical name of an alias.
    public static let cname = DNSRecordType(5)
    /// PTR: a domain name pointer (reverse lookups).
    public static let ptr = DNSRecordType(12)
    /// MX: a mail exchanger.
    public static let mx = DNSRecordType(15)
    /// TXT: text strings.
    public static let txt = DNSRecordType(16)
    /// SRV: a service location.
    public static let srv = DNSRecordType(33)
    /// ANY: every record of the name (a query type only).
    public static let any = DNSRecordType(255)
}
