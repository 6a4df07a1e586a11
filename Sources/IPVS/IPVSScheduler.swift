/// The name of an IPVS scheduling algorithm (`IPVS_SVC_ATTR_SCHED_NAME`), e.g. `wlc`.
///
/// Any name the kernel accepts can be used: the kernel loads the module `ip_vs_<name>` on demand
/// and answers `ENOENT` when there is none. The name travels NUL-terminated in at most
/// `IP_VS_SCHEDNAME_MAXLEN` (16) bytes, so it has at most 15 characters.
public struct IPVSScheduler: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The scheduler's name.
    public var rawValue: String

    /// Creates a scheduler name. Names longer than 15 bytes are rejected when encoded.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a scheduler name from a literal.
    public init(stringLiteral value: String) { rawValue = value }

    /// Round robin.
    public static let roundRobin: IPVSScheduler = "rr"
    /// Weighted round robin.
    public static let weightedRoundRobin: IPVSScheduler = "wrr"
    /// Least connections.
    public static let leastConnections: IPVSScheduler = "lc"
    /// Weighted least connections, ipvsadm's default.
    public static let weightedLeastConnections: IPVSScheduler = "wlc"
    /// Locality-based least connections.
    public static let localityBasedLeastConnections: IPVSScheduler = "lblc"
    /// Locality-based least connections with replication.
    public static let localityBasedLeastConnectionsReplicated: IPVSScheduler = "lblcr"
    /// Destination hashing.
    public static let destinationHashing: IPVSScheduler = "dh"
    /// Source hashing (flags `sh-fallback`, `sh-port`).
    public static let sourceHashing: IPVSScheduler = "sh"
    /// Shortest expected delay.
    public static let shortestExpectedDelay: IPVSScheduler = "sed"
    /// Never queue.
    public static let neverQueue: IPVSScheduler = "nq"
    /// Weighted failover.
    public static let weightedFailover: IPVSScheduler = "fo"
    /// Weighted overflow.
    public static let weightedOverflow: IPVSScheduler = "ovf"
    /// Maglev hashing (flags `mh-fallback`, `mh-port`).
    public static let maglevHashing: IPVSScheduler = "mh"
    /// Weighted random twos choice (Linux 6.2 and later).
    public static let twos: IPVSScheduler = "twos"
    /// No scheduler bound (accepted by modern kernels).
    public static let none: IPVSScheduler = "none"

    /// The schedulers a 6.1 kernel ships, in ipvsadm's usage order.
    public static let standard: [IPVSScheduler] = [
        "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh",
    ]

    /// The name.
    public var description: String { rawValue }
}
