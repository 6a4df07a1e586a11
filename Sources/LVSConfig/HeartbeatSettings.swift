/// How the two directors exchange heartbeats: `heartbeat_port`, `keepalive`, `deadtime`, and the
/// extensions `heartbeat_protocol` and `heartbeat_key_file`.
public struct HeartbeatSettings: Hashable, Sendable {
    /// `heartbeat_port`: the UDP port both directors bind to and send to. Default 539.
    public var port: UInt16 = 539
    /// `keepalive`: the interval between heartbeats. Default 2 s; fractions allowed (extension).
    public var keepalive: Duration = .seconds(2)
    /// `deadtime`: the silence after which the partner is declared dead. Default 5 s; fractions
    /// allowed (extension).
    public var deadtime: Duration = .seconds(5)
    /// `heartbeat_protocol` (extension): the packet format, or VRRP. Default `.lvsrouter`.
    public var wireProtocol: WireProtocol = .lvsrouter
    /// `heartbeat_key_file` (extension): the file holding the HMAC key; nil for unauthenticated
    /// heartbeats.
    public var keyFile: String?

    /// Creates heartbeat settings; every parameter defaults to Piranha's default.
    public init(
        port: UInt16 = 539, keepalive: Duration = .seconds(2), deadtime: Duration = .seconds(5),
        wireProtocol: WireProtocol = .lvsrouter, keyFile: String? = nil
    ) {
        self.port = port
        self.keepalive = keepalive
        self.deadtime = deadtime
        self.wireProtocol = wireProtocol
        self.keyFile = keyFile
    }

    /// The `heartbeat_protocol` key: which heartbeat packet format pulse speaks.
    public enum WireProtocol: String, Hashable, Sendable, Codable, CaseIterable {
        /// `lvsrouter`: the project's versioned format, authenticated when a key file is set.
        case lvsrouter
        /// `piranha`: Piranha's 4-byte format, for mixed clusters during a migration.
        case piranha
        /// `vrrp`: VRRP elects the active director (the `vrrp_*` keys); pairs with keepalived or
        /// a VRRP router.
        case vrrp
    }
}

extension HeartbeatSettings: Codable {
    private enum CodingKeys: String, CodingKey {
        case port, keepalive, deadtime, wireProtocol = "protocol", keyFile
    }

    /// Decodes the value from the form `encode(to:)` writes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        port = try c.decode(UInt16.self, forKey: .port)
        keepalive = try c.decodeSeconds(forKey: .keepalive)
        deadtime = try c.decodeSeconds(forKey: .deadtime)
        wireProtocol = try c.decode(WireProtocol.self, forKey: .wireProtocol)
        keyFile = try c.decodeIfPresent(String.self, forKey: .keyFile)
    }

    /// Encodes the settings, times in seconds (a JSON number, fractions allowed).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(port, forKey: .port)
        try c.encodeSeconds(keepalive, forKey: .keepalive)
        try c.encodeSeconds(deadtime, forKey: .deadtime)
        try c.encode(wireProtocol, forKey: .wireProtocol)
        try c.encodeIfPresent(keyFile, forKey: .keyFile)
    }
}
