import FoundationEssentials

/// A request to lvsd over `/run/lvsd/lvsd.sock`.
///
/// Wire form, one JSON object per line: `{"command":"status"}`,
/// `{"command":"drain","target":"10.0.1.10:80"}`, `{"command":"enable","target":"10.0.1.10"}`,
/// `{"command":"reload"}`.
public enum LVSDRequest: Equatable, Sendable {
    /// Every virtual service and real server with its health.
    case status
    /// Set the selected real servers' weight to 0 and keep it there until ``enable(_:)`` or a
    /// reload (existing connections finish, new ones go elsewhere).
    case drain(RealServerSelector)
    /// Undo ``drain(_:)``: the real servers get their weight back from their nannies.
    case enable(RealServerSelector)
    /// Re-read lvs.cf and apply the difference (like SIGHUP).
    case reload

    /// The commands lvsd understands, for error messages.
    public static let commands = ["status", "drain", "enable", "reload"]

    /// Decodes one request line; a bad request is an error whose text names what is wrong.
    public init(line: [UInt8]) throws(ControlRequestError) {
        let request = try ControlRequestFields(line: line, allowed: ["target"])
        switch request.command {
        case "status":
            try request.noFields()
            self = .status
        case "drain":
            self = .drain(try request.target())
        case "enable":
            self = .enable(try request.target())
        case "reload":
            try request.noFields()
            self = .reload
        default:
            throw ControlRequestError(
                "unknown command \"\(request.command)\" (lvsd understands: \(Self.commands.joined(separator: ", ")))")
        }
    }

    /// The request line, newline included.
    public var line: [UInt8] {
        switch self {
        case .status: Array("{\"command\":\"status\"}\n".utf8)
        case .drain(let target): ControlJSON.line(["command": "drain", "target": target.description])
        case .enable(let target): ControlJSON.line(["command": "enable", "target": target.description])
        case .reload: Array("{\"command\":\"reload\"}\n".utf8)
        }
    }
}
