/// What a node tells its peer about itself in each heartbeat.
///
/// The raw values are the byte on the wire (``HeartbeatPacket`` offset 8).
public enum HeartbeatState: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Healthy and standing by: not holding the VIPs, ready to take them over.
    case inactive = 1
    /// Holding the VIPs and serving.
    case active = 2
    /// Shutting down (SIGTERM): the peer should take over at once, without waiting for `deadtime`.
    case stopping = 3
    /// Active, and asking the peer to take over (manual failover); the sender keeps the VIPs until
    /// the peer announces ``active``, so they are never without an owner.
    case handingOver = 4
    /// Not holding the VIPs and unable to take them (lvsd failed, a monitored link is down).
    case faulted = 5
    /// Inactive, and asking the active peer to hand over (an admin's "takeover" on this node).
    case requestingTakeover = 6

    /// Whether a node in this state holds (or still holds) the VIPs.
    public var holdsVIPs: Bool { self == .active || self == .handingOver }

    public var description: String {
        switch self {
        case .inactive: "inactive"
        case .active: "active"
        case .stopping: "stopping"
        case .handingOver: "handing over"
        case .faulted: "faulted"
        case .requestingTakeover: "requesting takeover"
        }
    }
}
