/// What nanny does to check a real server (lvs.cf `check_type`, nanny `--check`).
public enum HealthCheckType: String, CaseIterable, Hashable, Sendable, Codable {
    /// Connect; optionally send `send` and compare the reply with `expect` (Piranha's check).
    case tcp
    /// One datagram (`send`); a reply is required, compared with `expect`.
    case udp
    /// An HTTP request; the status, and optionally the body, are checked.
    case http
    /// The same over TLS.
    case https
    /// A TLS handshake only (any TLS service), optionally verifying the certificate.
    case tls
    /// A DNS query over UDP; the response code, and optionally an answer, are checked.
    case dns
    /// An SMTP greeting, `EHLO` and `QUIT`.
    case smtp
    /// An external program (`send_program`), run without a shell.
    case program

    /// The type used when `check_type` is not set: Piranha's choice from the other keys.
    public static func implied(sendProgram: Bool, udp: Bool) -> HealthCheckType {
        if sendProgram { return .program }
        return udp ? .udp : .tcp
    }

    /// Whether the check speaks TLS, so the `tls_*` keys apply.
    public var usesTLS: Bool { self == .https || self == .tls }

    /// Whether the check makes TCP connections (so it cannot check a UDP-only service).
    public var needsTCP: Bool {
        switch self {
        case .tcp, .http, .https, .tls, .smtp: true
        case .udp, .dns, .program: false
        }
    }
}
