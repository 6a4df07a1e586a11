/// Why a received heartbeat was dropped. Each reason has its own counter in ``FailoverStatus``.
public enum HeartbeatDropReason: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Shorter than its format requires.
    case truncated
    /// Not a heartbeat of this protocol and version (wrong magic number or version), or, with
    /// `heartbeat_protocol = piranha`, a magic number of the other service type ("incompatible").
    case foreign
    /// This protocol's magic and version, but a field holds a value that has no meaning, the length
    /// is wrong, or the packet names a path other than the one it arrived on.
    case malformed
    /// The packet carries no HMAC although this node has a key, or carries one although this node
    /// has none: the two directors' `heartbeat_key_file` settings differ.
    case unauthenticated
    /// The HMAC does not match: sent by someone without the key (or with a different key).
    case forged
    /// A sequence number not newer than one already accepted.
    case replayed
    /// A packet of a run of the peer not followed yet, which does not echo one of this node's
    /// recent heartbeats: a recording of an earlier run, or the peer's first heartbeat after it
    /// started, before it heard this node.
    case unverified
    /// A packet of a run of the peer not followed yet that echoes nothing: the peer's first
    /// heartbeat, sent before it heard this node. Normal for a round after either director
    /// starts, so counted but not logged.
    case handshake
    /// From neither of the peer's addresses.
    case unknownSender
    /// The sender claims this node's own role: both nodes think they are the primary (or backup).
    case roleConflict

    public var description: String {
        switch self {
        case .unknownSender: "unknown sender"
        case .roleConflict: "role conflict"
        default: rawValue
        }
    }
}

/// A dropped heartbeat: the reason (counted) and a sentence for the log.
public struct HeartbeatRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The counted reason.
    public let reason: HeartbeatDropReason
    /// What exactly was wrong, e.g. `39 bytes; a heartbeat has at least 40`.
    public let detail: String
    /// Who sent it, when known.
    public let source: String?

    /// Creates a rejection.
    public init(_ reason: HeartbeatDropReason, _ detail: String, source: String? = nil) {
        self.reason = reason
        self.detail = detail
        self.source = source
    }

    /// The same rejection, naming the sender.
    func from(_ source: String) -> HeartbeatRejection { HeartbeatRejection(reason, detail, source: source) }

    public var description: String {
        "dropping heartbeat\(source.map { " from \($0)" } ?? ""): \(reason): \(detail)"
    }
}
