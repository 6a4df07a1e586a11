/// An active-active director's part of pulse's status (`cluster_mode = bgp`): what it announces
/// to the routers and why, and its BGP sessions as BIRD reports them.
public struct ClusterStatus: Codable, Sendable, Equatable {
    /// One VIP.
    public struct VIP: Codable, Sendable, Equatable {
        /// The address.
        public var address: String
        /// Whether this director asks BIRD to announce it.
        public var announced: Bool
        /// Why it is withdrawn.
        public var reason: String?
        /// Real servers available on it, as lvsd last said; absent before lvsd said.
        public var realServers: Int?

        public init(address: String, announced: Bool, reason: String? = nil, realServers: Int? = nil) {
            self.address = address
            self.announced = announced
            self.reason = reason
            self.realServers = realServers
        }
    }

    /// One BGP session.
    public struct Session: Codable, Sendable, Equatable {
        /// BIRD's protocol name (`lvsrouter_bgp1`).
        public var name: String
        /// The router's address.
        public var router: String
        /// BIRD's protocol state (`up`, `start`, `down`).
        public var state: String
        /// BIRD's detail (`Established`, `Active  Socket: Connection refused`).
        public var info: String

        public init(name: String, router: String, state: String, info: String) {
            self.name = name
            self.router = router
            self.state = state
            self.info = info
        }

        /// Whether the session is up.
        public var isEstablished: Bool { info.hasPrefix("Established") }
    }

    /// Whether the admin drained this director (`lvsctl drain-director`).
    public var drained: Bool
    /// Every VIP of the active services.
    public var vips: [VIP]
    /// The sessions; absent when BIRD could not be asked.
    public var sessions: [Session]?
    /// Why BIRD could not be asked or told, when it could not.
    public var birdError: String?
    /// BIRD's control socket.
    public var birdSocket: String

    public init(drained: Bool, vips: [VIP], sessions: [Session]? = nil, birdError: String? = nil, birdSocket: String) {
        self.drained = drained
        self.vips = vips
        self.sessions = sessions
        self.birdError = birdError
        self.birdSocket = birdSocket
    }
}
