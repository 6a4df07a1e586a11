/// The network path a heartbeat travels on: between the directors' public addresses
/// (`primary`/`backup`) or their private ones (`primary_private`/`backup_private`).
///
/// The peer counts as dead only when **every** configured path has been silent for `deadtime`.
public enum HeartbeatPath: UInt8, Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// Public addresses.
    case `public` = 1
    /// Private (dedicated heartbeat) addresses.
    case `private` = 2

    public var description: String {
        switch self {
        case .public: "public"
        case .private: "private"
        }
    }

    public static func < (lhs: HeartbeatPath, rhs: HeartbeatPath) -> Bool { lhs.rawValue < rhs.rawValue }
}
