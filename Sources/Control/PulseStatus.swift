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
        /// Holds the VIPs and runs lvsd.
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

        /// A path's status.
        public init(name: String, peerAddress: String, lastHeartbeatAge: Double? = nil) {
            self.name = name
            self.peerAddress = peerAddress
            self.lastHeartbeatAge = lastHeartbeatAge
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

    /// A status.
    public init(role: Role, state: State, peerState: PeerState, heartbeatPaths: [HeartbeatPath], virtualAddresses: [String]) {
        self.role = role
        self.state = state
        self.peerState = peerState
        self.heartbeatPaths = heartbeatPaths
        self.virtualAddresses = virtualAddresses
    }
}
