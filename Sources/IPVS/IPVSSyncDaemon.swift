import Addressing

/// A connection-synchronisation daemon (`IPVS_CMD_NEW_DAEMON`, `IPVS_CMD_GET_DAEMON`).
///
/// The master multicasts connection state; a backup applies it, so connections survive a
/// failover. Optional fields left nil (or 0) take the kernel's defaults: group 224.0.0.81,
/// port 8848, TTL 1, message length from the interface MTU.
public struct IPVSSyncDaemon: Hashable, Sendable, CustomStringConvertible {
    /// Master or backup.
    public var role: IPVSSyncDaemonRole
    /// The multicast interface.
    public var interface: String
    /// The sync ID (0–255) that master and backup must share.
    public var syncID: UInt32
    /// Maximum UDP payload of a sync message, or nil for the kernel's choice.
    public var maximumLength: UInt16?
    /// The multicast group, or nil for the kernel's default.
    public var group: IPAddress?
    /// The UDP port, or nil for the default.
    public var port: UInt16?
    /// The multicast TTL, or nil for the default.
    public var ttl: UInt8?

    /// Creates a daemon configuration.
    public init(
        role: IPVSSyncDaemonRole, interface: String, syncID: UInt32 = 0, maximumLength: UInt16? = nil,
        group: IPAddress? = nil, port: UInt16? = nil, ttl: UInt8? = nil
    ) {
        self.role = role
        self.interface = interface
        self.syncID = syncID
        self.maximumLength = maximumLength
        self.group = group
        self.port = port
        self.ttl = ttl
    }

    /// `master sync daemon on eth0 (syncid 0)`.
    public var description: String { "\(role) sync daemon on \(interface) (syncid \(syncID))" }
}
