/// The heartbeat wire format, from `heartbeat_protocol` in lvs.cf.
public enum HeartbeatProtocol: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The project's format (``HeartbeatPacket``): identity, state, sequence number, config serial,
    /// time, and an HMAC-SHA256 when a key is configured. The default.
    case lvsrouter
    /// Piranha's 4-byte magic numbers (``PiranhaHeartbeat``), for clusters that mix pulse versions
    /// during a migration. Carries only "running" or "stopped": no authentication, no replay
    /// protection, no hand-over.
    case piranha

    public var description: String { rawValue }
}
