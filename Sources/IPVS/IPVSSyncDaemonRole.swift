/// The role of a sync daemon (`IP_VS_STATE_*`).
public enum IPVSSyncDaemonRole: UInt32, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `IP_VS_STATE_MASTER`.
    case master = 1
    /// `IP_VS_STATE_BACKUP`.
    case backup = 2

    /// `master` or `backup`.
    public var description: String { self == .master ? "master" : "backup" }
}
