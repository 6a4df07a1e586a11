/// What a VRRP election knows (``FailoverStatus/vrrp``), for `lvsctl status`: pulse runs either its
/// own heartbeats or VRRP, and both report through ``FailoverStatus``.
public struct VRRPRouterStatus: Hashable, Sendable {
    /// 2 or 3.
    public var version: Int
    public var virtualRouterID: UInt8
    /// This director's priority.
    public var priority: UInt8
    public var advertInterval: Duration
    /// Whether this director would preempt a lower-priority master now.
    public var preempt: Bool
    /// The other master last heard (nil while this director is master, or before any).
    public var master: String?
    public var masterPriority: UInt8?
    /// Time since the last advertisement of another router was accepted.
    public var sinceMasterHeard: Duration?
    /// Advertisements accepted.
    public var received: Int
    /// Packets dropped, by reason.
    public var dropped: [String: Int]

    /// Creates a status.
    public init(
        version: Int, virtualRouterID: UInt8, priority: UInt8, advertInterval: Duration, preempt: Bool,
        master: String?, masterPriority: UInt8?, sinceMasterHeard: Duration?, received: Int, dropped: [String: Int]
    ) {
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.advertInterval = advertInterval
        self.preempt = preempt
        self.master = master
        self.masterPriority = masterPriority
        self.sinceMasterHeard = sinceMasterHeard
        self.received = received
        self.dropped = dropped
    }
}
