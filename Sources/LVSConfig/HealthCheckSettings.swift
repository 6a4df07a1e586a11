import CheckVocabulary

/// How nanny checks each real server of a service (and how a failover service is watched).
///
/// `send`, `expect` and `sendProgram` hold the text without its surrounding quotes (either quote
/// character), with backslash escapes left as written: nanny translates `\r \n \t \\ \' \"`.
public struct HealthCheckSettings: Hashable, Sendable {
    /// `send`: text written to the server after connecting; nil when not set.
    public var send: String?
    /// `expect`: the expected reply (a prefix), `*` for any reply, or a regex with `useRegex`.
    public var expect: String?
    /// `use_regex`: `expect` is a POSIX extended regular expression. Default false.
    public var useRegex = false
    /// `send_program`: an external check, run without a shell; `%h` and `%p` are replaced by the
    /// real server's address and port. Overrides `send`.
    public var sendProgram: String?
    /// `timeout`: the check interval, and the connect/read timeout. Default 10 s.
    public var timeout: Duration = .seconds(10)
    /// `reentry`: how long a failed server must pass checks before it is re-added. Default 180 s.
    public var reentry: Duration = .seconds(180)
    /// `quiesce_server`: on failure set the weight to 0 instead of removing the server.
    public var quiesceServer = false
    /// `load_monitor`: `uptime` (through `rsh_command`), `rup`, `ruptime` or `none`; nil when not set.
    public var loadMonitor: String?
    /// `client_monitor`: the checker program; nil means the suite's own nanny.
    public var clientMonitor: String?
    /// `check_type`; nil: implied by the other keys (``HealthCheckType/implied(sendProgram:udp:)``).
    public var checkType: HealthCheckType?
    /// The HTTP, HTTPS, TLS, DNS and SMTP checks' settings.
    public var protocolCheck = ProtocolCheckSettings()
    /// `rise` and `fall`.
    public var riseFall = RiseFall()

    /// Creates settings with Piranha's defaults.
    public init(
        send: String? = nil, expect: String? = nil, useRegex: Bool = false, sendProgram: String? = nil,
        timeout: Duration = .seconds(10), reentry: Duration = .seconds(180), quiesceServer: Bool = false,
        loadMonitor: String? = nil, clientMonitor: String? = nil
    ) {
        self.send = send
        self.expect = expect
        self.useRegex = useRegex
        self.sendProgram = sendProgram
        self.timeout = timeout
        self.reentry = reentry
        self.quiesceServer = quiesceServer
        self.loadMonitor = loadMonitor
        self.clientMonitor = clientMonitor
    }
}

extension HealthCheckSettings: Codable {
    private enum CodingKeys: String, CodingKey {
        case send, expect, useRegex, sendProgram, timeout, reentry, quiesceServer, loadMonitor, clientMonitor
        case checkType, protocolCheck, riseFall
    }

    /// Decodes the value from the form `encode(to:)` writes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        send = try c.decodeIfPresent(String.self, forKey: .send)
        expect = try c.decodeIfPresent(String.self, forKey: .expect)
        useRegex = try c.decode(Bool.self, forKey: .useRegex)
        sendProgram = try c.decodeIfPresent(String.self, forKey: .sendProgram)
        timeout = try c.decodeSeconds(forKey: .timeout)
        reentry = try c.decodeSeconds(forKey: .reentry)
        quiesceServer = try c.decode(Bool.self, forKey: .quiesceServer)
        loadMonitor = try c.decodeIfPresent(String.self, forKey: .loadMonitor)
        clientMonitor = try c.decodeIfPresent(String.self, forKey: .clientMonitor)
        checkType = try c.decodeIfPresent(HealthCheckType.self, forKey: .checkType)
        protocolCheck = try c.decodeIfPresent(ProtocolCheckSettings.self, forKey: .protocolCheck) ?? .init()
        riseFall = try c.decodeIfPresent(RiseFall.self, forKey: .riseFall) ?? .init()
    }

    /// Encodes the settings, times in seconds (a JSON number, fractions allowed).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(send, forKey: .send)
        try c.encodeIfPresent(expect, forKey: .expect)
        try c.encode(useRegex, forKey: .useRegex)
        try c.encodeIfPresent(sendProgram, forKey: .sendProgram)
        try c.encodeSeconds(timeout, forKey: .timeout)
        try c.encodeSeconds(reentry, forKey: .reentry)
        try c.encode(quiesceServer, forKey: .quiesceServer)
        try c.encodeIfPresent(loadMonitor, forKey: .loadMonitor)
        try c.encodeIfPresent(clientMonitor, forKey: .clientMonitor)
        try c.encodeIfPresent(checkType, forKey: .checkType)
        if !protocolCheck.isEmpty { try c.encode(protocolCheck, forKey: .protocolCheck) }
        if riseFall != RiseFall() { try c.encode(riseFall, forKey: .riseFall) }
    }

    /// The check nanny runs for a service of `transportProtocol`: `check_type`, or the one the
    /// other keys imply.
    public func effectiveCheckType(udp: Bool) -> HealthCheckType {
        checkType ?? HealthCheckType.implied(sendProgram: sendProgram != nil, udp: udp)
    }
}
