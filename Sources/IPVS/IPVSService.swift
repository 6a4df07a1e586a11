import Addressing

/// A virtual service: what clients connect to, and how connections are spread.
///
/// Used both to program the kernel (`IPVS_CMD_NEW_SERVICE`, `IPVS_CMD_SET_SERVICE`) and as what
/// the kernel reports; ``statistics`` and the ``IPVSServiceFlags/hashed`` flag only come back in
/// replies.
public struct IPVSService: Hashable, Sendable {
    /// Protocol, address and port, or firewall mark.
    public var identity: IPVSServiceIdentity
    /// The scheduling algorithm.
    public var scheduler: IPVSScheduler
    /// Persistence, one-packet scheduling and scheduler flags.
    public var flags: IPVSServiceFlags
    /// Persistence timeout in seconds (meaningful when ``flags`` has `.persistent`).
    public var persistenceTimeout: UInt32
    /// Persistence granularity.
    public var netmask: IPVSNetmask
    /// Persistence engine (`sip`), or nil for none.
    public var persistenceEngine: String?
    /// Counters and rates, in replies only.
    public var statistics: IPVSStatistics?

    /// Creates a service; defaults match `ipvsadm -A` with no options (`wlc`, not persistent).
    public init(
        identity: IPVSServiceIdentity, scheduler: IPVSScheduler = .weightedLeastConnections,
        flags: IPVSServiceFlags = [], persistenceTimeout: UInt32 = 0, netmask: IPVSNetmask? = nil,
        persistenceEngine: String? = nil, statistics: IPVSStatistics? = nil
    ) {
        self.identity = identity
        self.scheduler = scheduler
        self.flags = flags
        self.persistenceTimeout = persistenceTimeout
        self.netmask = netmask ?? .default(for: identity.family)
        self.persistenceEngine = persistenceEngine
        self.statistics = statistics
    }

    /// Whether connections are persistent (`-p`).
    public var isPersistent: Bool { flags.contains(.persistent) }

    /// The service as it would be programmed: without statistics and the kernel's `hashed` flag.
    /// Two services with equal configurations need no `IPVS_CMD_SET_SERVICE` between them.
    public var configuration: IPVSService {
        var copy = self
        copy.statistics = nil
        copy.flags.remove(.hashed)
        return copy
    }
}
