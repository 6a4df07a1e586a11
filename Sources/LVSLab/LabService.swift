/// A virtual service of the lab's lvs.cf: where clients reach it and which real servers serve it.
public struct LabService: Sendable, Hashable {
    /// One real server of the service.
    public struct Member: Sendable, Hashable {
        /// The real server's name (`rs1`), as in the lab and in lvs.cf.
        public var server: String
        /// `weight`.
        public var weight: Int
        /// `active`: 0 leaves it out of the table.
        public var active: Bool

        /// A member; active at weight 1 unless told otherwise.
        public init(_ server: String, weight: Int = 1, active: Bool = true) {
            self.server = server
            self.weight = weight
            self.active = active
        }
    }

    /// The block name (`virtual NAME {`).
    public var name: String
    /// The VIP.
    public var vip: String
    /// The interface alias pulse puts the VIP on (`eth0:1`).
    public var device: String
    /// The virtual port, also the real servers' port.
    public var port: UInt16
    /// The IPVS scheduler.
    public var scheduler: String
    /// `persistent` in seconds, if any.
    public var persistent: Int?
    /// `fwmark`: a firewall-mark service, whose packets the director marks (see ``LabPlan``).
    public var firewallMark: UInt32?
    /// The real servers.
    public var members: [Member]

    /// A TCP service.
    public init(
        name: String, vip: String, device: String, port: UInt16 = 80, scheduler: String = "rr",
        persistent: Int? = nil, firewallMark: UInt32? = nil, members: [Member]
    ) {
        self.name = name
        self.vip = vip
        self.device = device
        self.port = port
        self.scheduler = scheduler
        self.persistent = persistent
        self.firewallMark = firewallMark
        self.members = members
    }

    /// The names of the active members, in order.
    public var activeServers: [String] { members.filter(\.active).map(\.server) }

    /// How people read it: `web (TCP 10.0.0.100:80, rr)`.
    public var summary: String {
        let endpoint = firewallMark.map { "firewall mark \($0) = TCP \(vip):\(port)" } ?? "TCP \(vip):\(port)"
        let persistence = persistent.map { ", persistent \($0) s" } ?? ""
        return "\(name) (\(endpoint), \(scheduler)\(persistence))"
    }
}
