import Addressing

/// `cluster_mode` and its keys (extensions): how the directors share the VIPs. In `pair` mode
/// (the default, Piranha's) one director of two holds them and heartbeats decide which. In `bgp`
/// mode every director named in `cluster_directors` serves them at once: each puts the VIPs on
/// itself without ARP, and BIRD announces each VIP to the routers over BGP while this director
/// can serve it; the routers spread flows over the directors by ECMP.
public struct ClusterSettings: Hashable, Sendable, Codable {
    /// `cluster_mode`.
    public enum Mode: String, Hashable, Sendable, Codable, CaseIterable {
        /// Two directors, one active (primary/backup with heartbeats).
        case pair
        /// Every director active, announced to the routers over BGP.
        case bgp
    }

    /// One router this director holds a BGP session with (`bgp_neighbors`).
    public struct Neighbor: Hashable, Sendable, Codable {
        /// The router's address on the directors' network.
        public var address: IPAddress
        /// The router's autonomous system number.
        public var autonomousSystem: UInt32

        public init(address: IPAddress, autonomousSystem: UInt32) {
            self.address = address
            self.autonomousSystem = autonomousSystem
        }
    }

    /// Where Debian's bird2 serves its control socket.
    public static let defaultBirdSocket = "/run/bird/bird.ctl"
    /// Where pulse writes the part of BIRD's configuration it owns.
    public static let defaultBirdInclude = "/etc/bird/lvsrouter.conf"
    /// The BGP hold time when `bgp_hold_time` is not set: a director that dies without BFD is
    /// dropped by the routers within 9 s (BIRD's own default is 240 s).
    public static let defaultHoldTime = 9

    /// `cluster_mode`. Default `.pair`.
    public var mode: Mode = .pair
    /// `cluster_directors`: every director's own address, in the order written. pulse finds its
    /// own among them; BIRD's sessions start from it and it is the BGP router id.
    public var directors: [IPAddress] = []
    /// `bgp_local_as`: the directors' autonomous system number.
    public var localAS: UInt32?
    /// `bgp_neighbors`: the routers, with their AS numbers.
    public var neighbors: [Neighbor] = []
    /// `bgp_bfd`: BFD on every session, so that a dead director's routes go within three
    /// intervals (300 ms by default). Default false: the routers must run BFD too.
    public var bfd = false
    /// `bgp_bfd_interval`, milliseconds (10-10000): BFD's transmit and receive interval; a peer
    /// is declared down after three missed. Default 100.
    public var bfdInterval = 100
    /// `bgp_hold_time`, seconds (3-65535).
    public var holdTime = ClusterSettings.defaultHoldTime
    /// `bird_socket`: BIRD's control socket.
    public var birdSocket = ClusterSettings.defaultBirdSocket
    /// `bird_include`: the file pulse writes and bird.conf includes.
    public var birdInclude = ClusterSettings.defaultBirdInclude

    /// Defaults: pair mode.
    public init() {}

    /// Whether every director serves the VIPs at once (`cluster_mode = bgp`).
    public var isActiveActive: Bool { mode == .bgp }
}
