/// With `heartbeat_protocol = vrrp`: pulse's virtual router, in pulse's answer to `status`.
public struct VRRPStatus: Codable, Sendable, Equatable {
    /// 2 or 3.
    public var version: Int
    /// `vrrp_id`.
    public var virtualRouterID: Int
    /// This director's priority.
    public var priority: Int
    /// The advertisement interval, seconds.
    public var advertInterval: Double
    /// Whether this director would take over from a lower-priority master now.
    public var preempt: Bool
    /// The other master last heard, while this director is backup.
    public var master: String?
    /// Its priority.
    public var masterPriority: Int?
    /// Seconds since its last advertisement.
    public var sinceMasterHeard: Double?
    /// Advertisements accepted since pulse started.
    public var received: Int

    /// A router's status.
    public init(
        version: Int, virtualRouterID: Int, priority: Int, advertInterval: Double, preempt: Bool, master: String?,
        masterPriority: Int?, sinceMasterHeard: Double?, received: Int
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
    }

    /// `VRRPv3 router 51, priority 150, every 1 s; master 10.0.0.2 (priority 200), heard 0.3 s ago`.
    public var text: String {
        var line =
            "VRRPv\(version) router \(virtualRouterID), priority \(priority), every \(DirectorReport.seconds(advertInterval))"
        if !preempt { line += ", not preempting" }
        if let master {
            line += "; master \(master) (priority \(masterPriority.map(String.init) ?? "?"))"
            if let age = sinceMasterHeard { line += ", heard \(DirectorReport.seconds(age)) ago" }
        }
        return line + "; \(received) advertisements accepted"
    }
}
