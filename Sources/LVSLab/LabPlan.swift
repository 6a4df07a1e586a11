/// What a lab is made of: the forwarding method, the directors, the real servers, the services
/// and pulse's timings. Pure data: ``NetworkTopology/init(plan:)`` derives the networks from it and
/// ``LabConfigFile`` the lvs.cf, so the demo and every end-to-end test describe their lab here.
///
/// Addresses are fixed (the narration names them):
///
/// | network | hosts |
/// |---|---|
/// | public 10.0.0.0/24 | client .9, primary .1, backup .2, VIPs .100 and .101; with direct routing the real servers .11, .12, … |
/// | private 10.0.9.0/24 | heartbeats: primary .1, backup .2 |
/// | servers 10.0.1.0/24 (NAT) | primary .1, backup .2, `nat_router` .254 (the real servers' gateway, on the active director), real servers .11, .12, … |
public struct LabPlan: Sendable, Hashable {
    /// How the directors forward to the real servers.
    public enum Forwarding: String, Sendable, Hashable {
        /// NAT (`network = nat`): real servers on their own network behind `nat_router`.
        case nat
        /// Direct routing (`network = direct`): real servers beside the directors, VIPs on `lo`,
        /// ARP for them suppressed.
        case direct
    }

    /// A few letters naming the lab in namespace names (`demo`, `dr`…).
    public var tag: String
    /// `network`.
    public var forwarding: Forwarding
    /// Whether there is a backup director (`backup_active = 1`).
    public var hasBackup: Bool
    /// How many real servers (`rs1`, `rs2`, …), each running `busybox httpd` on port 80.
    public var realServerCount: Int
    /// The virtual services.
    public var services: [LabService]
    /// `keepalive`, as written in lvs.cf.
    public var keepalive: String
    /// `deadtime`, as written in lvs.cf.
    public var deadtime: String
    /// `timeout` of every service: seconds between health checks.
    public var checkInterval: Int
    /// `reentry` of every service.
    public var reentry: Int
    /// `syncdaemon = 1` on the private network (`syncd_iface = eth1`).
    public var syncDaemon: Bool
    /// Whether the real servers also run a TCP echo server on port 7.
    public var echoServers: Bool
    /// Whether the heartbeats carry an HMAC (`heartbeat_key_file`).
    public var heartbeatKey: Bool
    /// What runs on the directors: pulse, keepalived for comparison, or pulse (VRRP) beside
    /// keepalived.
    public var daemon: LabDaemon = .pulse

    /// A plan; see the properties.
    public init(
        tag: String, forwarding: Forwarding = .nat, hasBackup: Bool = true, realServerCount: Int = 3,
        services: [LabService], keepalive: String = "0.5", deadtime: String = "2", checkInterval: Int = 1,
        reentry: Int = 4, syncDaemon: Bool = false, echoServers: Bool = false, heartbeatKey: Bool = true
    ) {
        self.tag = tag
        self.forwarding = forwarding
        self.hasBackup = hasBackup
        self.realServerCount = realServerCount
        self.services = services
        self.keepalive = keepalive
        self.deadtime = deadtime
        self.checkInterval = checkInterval
        self.reentry = reentry
        self.syncDaemon = syncDaemon
        self.echoServers = echoServers
        self.heartbeatKey = heartbeatKey
    }

    /// The first VIP (`10.0.0.100`) and the second (`10.0.0.101`).
    public static let vips = ["10.0.0.100", "10.0.0.101"]
    /// The client's address.
    public static let clientAddress = "10.0.0.9"
    /// `nat_router`: the real servers' default gateway, held by the active director.
    public static let natRouter = "10.0.1.254"

    /// The real servers' names: `rs1`, `rs2`, ….
    public var realServers: [String] { (1...max(realServerCount, 1)).map { "rs\($0)" } }

    /// A real server's address: on the servers' network with NAT, on the public one with direct routing.
    public func address(of server: String) -> String {
        let index = Int(server.dropFirst(2)) ?? 0
        return forwarding == .nat ? "10.0.1.\(10 + index)" : "10.0.0.\(10 + index)"
    }

    /// The real server answering at `address`, if any.
    public func server(at address: String) -> String? {
        realServers.first { self.address(of: $0) == address }
    }

    /// The directors that run.
    public var directors: [LabDirectorRole] { hasBackup ? [.primary, .backup] : [.primary] }

    /// `deadtime` as a duration.
    public var deadtimeDuration: Duration { Self.duration(deadtime) }
    /// `keepalive` as a duration.
    public var keepaliveDuration: Duration { Self.duration(keepalive) }

    /// `keepalive` in centiseconds: pulse's `vrrp_advert_interval` where it speaks VRRP, the
    /// same interval as keepalived's `advert_int`.
    public var advertIntervalCentiseconds: Int { Int(((Double(keepalive) ?? 0) * 100).rounded()) }

    static func duration(_ seconds: String) -> Duration {
        .milliseconds(Int64(((Double(seconds) ?? 0) * 1000).rounded()))
    }

    /// The demo's lab: NAT, both directors, three real servers and two services, `web` (round
    /// robin over all three) and `app` (weighted least-connection with 60 s persistence).
    public static func demo(tag: String = "demo") -> LabPlan {
        let all = ["rs1", "rs2", "rs3"].map { LabService.Member($0) }
        return LabPlan(
            tag: tag,
            services: [
                LabService(name: "web", vip: vips[0], device: "eth0:1", scheduler: "rr", members: all),
                LabService(name: "app", vip: vips[1], device: "eth0:2", scheduler: "wlc", persistent: 60, members: all),
            ])
    }
}
