/// A heartbeat that passed every check, as the failover state machine needs it.
public struct ReceivedHeartbeat: Hashable, Sendable {
    /// The path it arrived on.
    public var path: HeartbeatPath
    /// The peer's state; `nil` when the packet only proves the peer is alive (Piranha's HOLD/HELD).
    public var state: HeartbeatState?
    /// The peer's own IPVS table; `nil` for Piranha heartbeats.
    public var table: TableReadiness?
    /// The peer's run (``HeartbeatPacket/bootID``); `nil` for Piranha heartbeats.
    public var bootID: UInt64?
    /// The sequence number; `nil` for Piranha heartbeats.
    public var sequence: UInt64?
    /// The peer's configuration serial; `nil` for Piranha heartbeats.
    public var configSerial: UInt32?
    /// The peer's wall-clock time at sending; `nil` for Piranha heartbeats.
    public var sentAt: WallClockTime?
    /// An older round than one already received on the other path (the paths reordered): it
    /// proves its path works, but the state it carries is out of date and is not acted on.
    public var isStale: Bool

    /// Creates a received heartbeat (tests and the receiver).
    public init(
        path: HeartbeatPath, state: HeartbeatState?, table: TableReadiness? = nil, bootID: UInt64? = nil,
        sequence: UInt64? = nil, configSerial: UInt32? = nil, sentAt: WallClockTime? = nil, isStale: Bool = false
    ) {
        self.path = path
        self.state = state
        self.table = table
        self.bootID = bootID
        self.sequence = sequence
        self.configSerial = configSerial
        self.sentAt = sentAt
        self.isStale = isStale
    }
}
