/// The settings of the HTTP, HTTPS, TLS, DNS and SMTP checks (lvs.cf's `http_*`, `tls_*`, `dns_*`
/// and `smtp_helo`, nanny's `--http-*` … flags); nil where not set, so the check's default
/// applies and lvs.cf's writer leaves them out.
public struct ProtocolCheckSettings: Hashable, Sendable, Codable {
    /// `http_method`: GET (default) or HEAD.
    public var httpMethod: HTTPCheckMethod?
    /// `http_path`: the request's path, starting with `/` (default `/`).
    public var httpPath: String?
    /// `http_host`: the Host header, and the TLS server name unless `tls_server_name` is set
    /// (default: the real server's address).
    public var httpHost: String?
    /// `http_status`: the status codes that pass, as a list of codes and ranges (default 200-299).
    public var httpStatus: HTTPStatusRanges?
    /// `http_regex`: a POSIX extended regular expression the body must match.
    public var httpRegex: String?
    /// `http_digest`: the MD5 of the whole body, 32 lower-case hexadecimal digits.
    public var httpDigest: String?
    /// `tls_server_name`: the name sent in SNI and verified in the certificate.
    public var tlsServerName: String?
    /// `tls_verify`: verify the certificate chain and name (default 0).
    public var tlsVerify: Bool?
    /// `tls_ca_file`: the CA certificates to verify against (default: the system's store).
    public var tlsCAFile: String?
    /// `dns_name`: the name queried (default `.`).
    public var dnsName: String?
    /// `dns_type`: the record type queried (default SOA).
    public var dnsType: DNSRecordType?
    /// `dns_rcode`: the response code that passes (default NOERROR).
    public var dnsRcode: DNSResponseCode?
    /// `dns_answer`: an answer the response must contain.
    public var dnsAnswer: String?
    /// `smtp_helo`: the name sent with `EHLO` (default: the director's host name).
    public var smtpHelo: String?

    /// No settings: every default applies.
    public init() {}

    /// Whether nothing is set.
    public var isEmpty: Bool { self == ProtocolCheckSettings() }
}
