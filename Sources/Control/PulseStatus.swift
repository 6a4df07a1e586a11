/// pulse's answer to `status`.
public struct PulseStatus: Codable, Sendable, Equatable {
    /// Primary or backup, fixed at start from lvs.cf.
    public enum Role: String, Codable, Sendable, Equatable {
        /// The `primary` director.
        case primary
        /// The `backup` director.
        case backup
    }

    /// Whether a director holds the VIPs.
    public enum State: String, Codable, Sendable, Equatable {
        /// Holds the VIPs.
        case active
        /// Standing by.
        case inactive
    }

    /// What this director believes about its peer.
    public enum PeerState: String, Codable, Sendable, Equatable {
        /// Heartbeats say it is active.
        case active
        /// Heartbeats say it is standing by.
        case inactive
        /// No heartbeat within `deadtime`.
        case dead
        /// No heartbeat seen yet.
        case unknown
    }

    /// One heartbeat path (public or private network).
    public struct HeartbeatPath: Codable, Sendable, Equatable {
        /// `public` or `private`.
        public var name: String
        /// The peer's address on this path.
        public var peerAddress: String
        /// Seconds since the last valid heartbeat on this path; absent if none was ever seen.
        public var lastHeartbeatAge: Double?
        /// Valid heartbeats received on this path since pulse started; absent from an older pulse.
        public var received: Int?

        /// A path's status.
        public init(name: String, peerAddress: String, lastHeartbeatAge: Double? = nil, received: Int? = nil) {
            self.name = name
            self.peerAddress = peerAddress
            self.lastHeartbeatAge = lastHeartbeatAge
            self.received = received
        }
    }

    /// This director's role.
    public var role: Role
    /// This director's state.
    public var state: State
    /// The peer's state as seen from here.
    public var peerState: PeerState
    /// The heartbeat paths.
    public var heartbeatPaths: [HeartbeatPath]
    /// The virtual addresses this director holds now.
    public var virtualAddresses: [String]

    // Details below are optional so that either side may be older than the other.

    /// The failover state in detail: `listening`, `inactive`, `activating`, `active`,
    /// `handing-over`, `requesting-takeover`, `faulted`.
    public var failoverState: String?
    /// The peer's last announced state in detail (`handing over`, `faulted`, `stopping`…).
    public var peerAnnouncedState: String?
    /// What keeps this director from activating ("lvsd exited with status 1").
    public var faults: [String]?
    /// This director's public address.
    public var address: String?
    /// The peer's public address; absent when no backup is configured.
    public var peerAddress: String?
    /// Dropped heartbeats by reason (`forged`, `replayed`, …), only reasons that occurred.
    public var droppedHeartbeats: [String: Int]?
    /// `keepalive` and `deadtime` in seconds.
    public var keepalive: Double?
    /// See ``keepalive``.
    public var deadtime: Double?
    /// lvsd as pulse sees it.
    public var lvsd: LVSDProcess?
    /// This director's IPVS table, as its heartbeats announce it (warm standby).
    public var table: Table?
    /// The peer's IPVS table, as its last heartbeat announced it; absent before one arrived, or
    /// when the peer's heartbeat cannot say (Piranha's format).
    public var peerTable: Table?
    /// Why this active director wants to hand the VIPs over as soon as the peer can take them
    /// ("lvsd cannot be kept running …"); absent when it does not.
    public var pendingHandover: String?
    /// This director's configuration fingerprint, and the peer's as its heartbeats carry it.
    public var configSerial: String?
    /// See ``configSerial``.
    public var peerConfigSerial: String?
    /// How often this director took the VIPs (became active) since pulse started.
    public var takeovers: Int?
    /// How often this director gave the VIPs up (became inactive after being active) since
    /// pulse started.
    public var handovers: Int?

    /// In an active-active cluster (`cluster_mode = bgp`): the announcements and BGP sessions;
    /// absent in a pair.
    public var cluster: ClusterStatus?
    /// With `heartbeat_protocol = vrrp`: the virtual router; absent with pulse's heartbeats.
    public var vrrp: VRRPStatus?

    /// How ready a director's IPVS table is to serve.
    public struct Table: Codable, Sendable, Equatable {
        /// `ready` (every real server checked), `checking` (some still await a first check), `down`
        /// (lvsd not running), `cold` (cold standby: built on takeover), `unreported`.
        public var state: String
        /// While checking: the real servers still awaiting their first health check, when known.
        public var awaitingFirstCheck: Int?
        /// Whether the VIPs may be handed to a director with this table on purpose.
        public var acceptsHandover: Bool

        /// A table's readiness.
        public init(state: String, awaitingFirstCheck: Int? = nil, acceptsHandover: Bool) {
            self.state = state
            self.awaitingFirstCheck = awaitingFirstCheck
            self.acceptsHandover = acceptsHandover
        }

        /// `ready`, `checking (2 real servers awaiting a first check)`, `lvsd not running`, ….
        public var text: String {
            switch state {
            case "checking":
                awaitingFirstCheck.map { "checking (\($0) real server\($0 == 1 ? "" : "s") awaiting a first check)" }
                    ?? "checking (lvsd starting)"
            case "down": "lvsd not running"
            case "cold": "cold standby (built on takeover)"
            case "unreported": "not reported"
            default: state
            }
        }
    }

    /// lvsd, as its supervisor (pulse) sees it.
    public struct LVSDProcess: Codable, Sendable, Equatable {
        /// Whether it runs.
        public var running: Bool
        /// Its PID when it runs.
        public var pid: Int32?
        /// Why it does not run, or anything else worth saying ("not started: pulse runs with --norun").
        public var note: String?

        /// lvsd's state.
        public init(running: Bool, pid: Int32? = nil, note: String? = nil) {
            self.running = running
            self.pid = pid
            self.note = note
        }
    }

    /// A status.
    public init(
        role: Role, state: State, peerState: PeerState, heartbeatPaths: [HeartbeatPath], virtualAddresses: [String]
    ) {
        self.role = role
        self.state = state
        self.peerState = peerState
        self.heartbeatPaths = heartbeatPaths
        self.virtualAddresses = virtualAddresses
    }
}
