/// How an HTTPS or TLS-handshake check speaks TLS to a real server.
public struct TLSCheckSettings: Equatable, Hashable, Sendable {
    /// The name sent as SNI and, when verifying, the name the certificate must carry; nil: no
    /// SNI, and a verified certificate must carry the server's IP address.
    public var serverName: String?
    /// Whether the certificate must verify (chain and name); off, any certificate is accepted.
    public var verifyCertificate: Bool
    /// The PEM file of trusted CA certificates; nil: the system's default store. Used only when
    /// verifying.
    public var caFile: String?

    /// Settings; by default no SNI and no verification (keepalived's SSL_GET does not verify
    /// either: real servers addressed by IP often carry internal or self-signed certificates).
    public init(serverName: String? = nil, verifyCertificate: Bool = false, caFile: String? = nil) {
        self.serverName = serverName
        self.verifyCertificate = verifyCertificate
        self.caFile = caFile
    }

    /// `SNI www.example.com`, or nil without SNI: for check summaries and failure texts.
    var sniText: String? { serverName.map { "SNI \($0)" } }
}
