/// What the failover state machine needs from lvs.cf and pulse's command line.
public struct FailoverConfiguration: Hashable, Sendable {
    /// This node's role.
    public var role: FailoverRole
    /// Interval between heartbeats (`keepalive`; fractions allowed).
    public var keepalive: Duration
    /// Silence on every path after which the peer counts as dead (`deadtime`). Also the start-up
    /// window: a node that has heard nothing from its peer this long after starting activates.
    public var deadtime: Duration
    /// The heartbeat paths to the peer (``HeartbeatPeer/paths``); empty when there is no peer
    /// (`backup_active = 0` on the primary), which makes the primary activate at once.
    public var paths: [HeartbeatPath]
    /// The wire format; with Piranha's, a backup cannot ask an active Piranha primary to hand over.
    public var heartbeatProtocol: HeartbeatProtocol
    /// `--forceactive`: activate at start without listening first.
    public var forceActive: Bool
    /// Gratuitous ARP rounds per activation, the first included (`garp_count`, default 5). pulse
    /// sends the first during activation; the state machine asks for the others. 0 sends none,
    /// not even during activation.
    public var gratuitousARPCount: Int
    /// Spacing of the gratuitous ARP rounds (`garp_interval`, default 1 s).
    public var gratuitousARPInterval: Duration
    /// Warm standby (the default): lvsd runs on both directors, so the inactive one keeps its
    /// table loaded and checked. `false` is Piranha's cold standby (`warm_standby = 0`): lvsd runs
    /// only on the active director and a takeover starts it.
    public var warmStandby: Bool
    /// Failover services (`service = fos`): the service must never run on both directors, so a
    /// director lets go of it completely (the fos daemon stopped, the VIPs down) before its partner
    /// takes over, on a manual failover, a failure or a stop. Implies cold standby (the fos daemon,
    /// in lvsd's place, runs only while active, and starts once the VIPs are up).
    public var releaseBeforeTakeover: Bool
    /// How long a node taking over from a partner that hands over on purpose waits for its table
    /// to be ready (every real server checked once) before it brings the VIPs up anyway
    /// (``FailoverState/preparing``).
    public var preparationLimit: Duration
    /// How long a manual failover or takeover waits for the peer before it is cancelled; the
    /// default is `deadtime` or three keepalive intervals, whichever is longer, plus the peer's
    /// ``preparationLimit``.
    public var handoverTimeout: Duration
    /// This node's configuration serial, compared with the peer's (`nil`: not compared).
    public var configSerial: UInt32?

    /// Creates a configuration and checks it.
    public init(
        role: FailoverRole, keepalive: Duration = .seconds(2), deadtime: Duration = .seconds(5),
        paths: [HeartbeatPath] = [.public], heartbeatProtocol: HeartbeatProtocol = .lvsrouter,
        forceActive: Bool = false,
        gratuitousARPCount: Int = 5, gratuitousARPInterval: Duration = .seconds(1), warmStandby: Bool = true,
        preparationLimit: Duration = .seconds(10),
        handoverTimeout: Duration? = nil,
        configSerial: UInt32? = nil, releaseBeforeTakeover: Bool = false
    ) throws(FailoverConfigurationError) {
        self.role = role
        self.keepalive = keepalive
        self.deadtime = deadtime
        self.paths = paths
        self.heartbeatProtocol = heartbeatProtocol
        self.forceActive = forceActive
        self.gratuitousARPCount = gratuitousARPCount
        self.gratuitousARPInterval = gratuitousARPInterval
        self.warmStandby = warmStandby
        self.preparationLimit = preparationLimit
        self.handoverTimeout = handoverTimeout ?? max(deadtime, keepalive * 3) + preparationLimit
        self.configSerial = configSerial
        self.releaseBeforeTakeover = releaseBeforeTakeover
        guard !releaseBeforeTakeover || !warmStandby else {
            throw .init("failover services run only on the active director: warm standby does not apply")
        }
        guard keepalive > .zero else { throw .init("keepalive must be greater than 0 (is \(keepalive))") }
        guard deadtime > keepalive else {
            throw .init(
                "deadtime (\(deadtime)) must be longer than keepalive (\(keepalive)); otherwise the peer is declared "
                    + "dead between two heartbeats")
        }
        guard Set(paths).count == paths.count else { throw .init("heartbeat paths are listed twice: \(paths)") }
        guard gratuitousARPCount >= 0 else {
            throw .init("garp_count must not be negative (is \(gratuitousARPCount))")
        }
        guard gratuitousARPCount <= 1 || gratuitousARPInterval > .zero else {
            throw .init("garp_interval must be greater than 0 (is \(gratuitousARPInterval))")
        }
        guard preparationLimit >= .zero else {
            throw .init("the preparation limit must not be negative (is \(preparationLimit))")
        }
        guard self.handoverTimeout > .zero else {
            throw .init("the hand-over timeout must be greater than 0 (is \(self.handoverTimeout))")
        }
        guard role == .primary || !paths.isEmpty else {
            throw .init("this node is the backup but no peer is configured (backup_active = 0): nothing to do")
        }
    }

    /// Whether a peer is configured (heartbeats are sent and listened for).
    public var hasPeer: Bool { !paths.isEmpty }
}

/// A failover configuration that cannot work, with the reason.
public struct FailoverConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { "failover configuration: \(message)" }
}
