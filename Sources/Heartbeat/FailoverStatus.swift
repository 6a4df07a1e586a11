/// A snapshot for the control socket (`lvsctl status`).
public struct FailoverStatus: Hashable, Sendable {
    /// This node's role.
    public var role: FailoverRole
    /// This node's state.
    public var state: FailoverState
    /// The faults keeping this node inactive, as sentences ("lvsd exited with status 1").
    public var faults: [String]
    /// The peer's last announced state; `nil` before its first heartbeat.
    public var peerState: HeartbeatState?
    /// Whether the peer has been heard within `deadtime` and has not said it is stopping.
    public var peerAlive: Bool
    /// The configured paths.
    public var paths: [HeartbeatPath]
    /// Time since the last heartbeat on each path; a path never heard from has no entry.
    public var sinceLastHeartbeat: [HeartbeatPath: Duration]
    /// Dropped heartbeats by reason (only reasons that occurred).
    public var droppedHeartbeats: [HeartbeatDropReason: Int]
    /// Valid heartbeats received on each path (a path never heard from has no entry).
    public var receivedHeartbeats: [HeartbeatPath: Int] = [:]
    /// Times this node began holding the VIPs.
    public var takeovers = 0
    /// Times this node stopped holding the VIPs.
    public var handovers = 0
    /// The peer's current run, when its heartbeats carry one.
    public var peerBootID: UInt64?
    /// The peer's configuration serial, when its heartbeats carry one.
    public var peerConfigSerial: UInt32?
    /// This node's configuration serial.
    public var configSerial: UInt32?
    /// This director's own table.
    public var table: TableReadiness = .unreported
    /// The partner's table as its last heartbeat announced it; `nil` before its first heartbeat.
    public var peerTable: TableReadiness?
    /// Why this active director wants to hand over once the partner can take over (lvsd cannot be
    /// kept running here); `nil` when it does not.
    public var pendingHandover: String?
    /// With `heartbeat_protocol = vrrp`: the VRRP election's own view; nil with pulse's heartbeats.
    public var vrrp: VRRPRouterStatus?

    /// A status; the counters and the partner's details start empty.
    public init(
        role: FailoverRole, state: FailoverState, faults: [String], peerState: HeartbeatState?, peerAlive: Bool,
        paths: [HeartbeatPath], sinceLastHeartbeat: [HeartbeatPath: Duration],
        droppedHeartbeats: [HeartbeatDropReason: Int], peerBootID: UInt64? = nil, peerConfigSerial: UInt32? = nil,
        configSerial: UInt32? = nil, table: TableReadiness = .unreported, peerTable: TableReadiness? = nil,
        pendingHandover: String? = nil
    ) {
        self.role = role
        self.state = state
        self.faults = faults
        self.peerState = peerState
        self.peerAlive = peerAlive
        self.paths = paths
        self.sinceLastHeartbeat = sinceLastHeartbeat
        self.droppedHeartbeats = droppedHeartbeats
        self.peerBootID = peerBootID
        self.peerConfigSerial = peerConfigSerial
        self.configSerial = configSerial
        self.table = table
        self.peerTable = peerTable
        self.pendingHandover = pendingHandover
    }
}

extension FailoverStateMachine {
    /// The state as of `now`.
    public func status(at now: ContinuousClock.Instant) -> FailoverStatus {
        var status = FailoverStatus(
            role: configuration.role, state: state, faults: faults.keys.sorted().map { faults[$0]! },
            peerState: peerState,
            peerAlive: configuration.hasPeer && !lastHeard.isEmpty && !peerIsGone(at: now),
            paths: configuration.paths, sinceLastHeartbeat: lastHeard.mapValues { now - $0 },
            droppedHeartbeats: dropped, peerBootID: peerBootID, peerConfigSerial: peerConfigSerial,
            configSerial: configuration.configSerial, table: table, peerTable: peerTable,
            pendingHandover: lvsdFailure)
        status.receivedHeartbeats = received
        status.takeovers = takeovers
        status.handovers = handovers
        return status
    }

    /// The faults currently set.
    public var activeFaults: [FailoverFault] { faults.keys.sorted() }
}
