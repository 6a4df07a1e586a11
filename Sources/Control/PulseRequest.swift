/// A request to pulse over `/run/pulse/pulse.sock`.
///
/// Wire form: `{"command":"status"}`, `{"command":"failover"}`, `{"command":"takeover"}`,
/// `{"command":"reload"}`, `{"command":"drain-director"}`, `{"command":"enable-director"}`.
public enum PulseRequest: Equatable, Sendable {
    /// Role, state, peer state, heartbeat ages, VIPs held.
    case status
    /// Give the VIPs to the peer: this director goes inactive (it must be active, and the peer alive).
    case failover
    /// Take the VIPs from the peer: this director goes active.
    case takeover
    /// Re-read lvs.cf (and have lvsd reload), like SIGHUP.
    case reload
    /// Active-active: withdraw this director's VIPs from the routers, keeping its table.
    case drainDirector
    /// Active-active: announce again what this director can serve.
    case enableDirector

    /// The commands pulse understands, for error messages.
    public static let commands = ["status", "failover", "takeover", "reload", "drain-director", "enable-director"]

    /// Decodes one request line; a bad request is an error whose text names what is wrong.
    public init(line: [UInt8]) throws(ControlRequestError) {
        let request = try ControlRequestFields(line: line, allowed: [])
        try request.noFields()
        switch request.command {
        case "status": self = .status
        case "failover": self = .failover
        case "takeover": self = .takeover
        case "reload": self = .reload
        case "drain-director": self = .drainDirector
        case "enable-director": self = .enableDirector
        default:
            throw ControlRequestError(
                "unknown command \"\(request.command)\" (pulse understands: \(Self.commands.joined(separator: ", ")))")
        }
    }

    /// The request line, newline included.
    public var line: [UInt8] {
        let command: String =
            switch self {
            case .status: "status"
            case .failover: "failover"
            case .takeover: "takeover"
            case .reload: "reload"
            case .drainDirector: "drain-director"
            case .enableDirector: "enable-director"
            }
        return Array("{\"command\":\"\(command)\"}\n".utf8)
    }
}
