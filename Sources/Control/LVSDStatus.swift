/// lvsd's answer to `status`: every virtual service and its real servers.
public struct LVSDStatus: Codable, Sendable, Equatable {
    /// The virtual services, in lvs.cf order.
    public var services: [VirtualServiceStatus]
    /// When lvs.cf was last loaded, seconds since the Unix epoch.
    public var configurationLoadedAt: Double?

    /// A status.
    public init(services: [VirtualServiceStatus], configurationLoadedAt: Double? = nil) {
        self.services = services
        self.configurationLoadedAt = configurationLoadedAt
    }
}

/// One virtual service in ``LVSDStatus``.
public struct VirtualServiceStatus: Codable, Sendable, Equatable {
    /// The `virtual` name in lvs.cf.
    public var name: String
    /// `tcp`, `udp` or `fwmark`.
    public var protocolName: String
    /// The virtual address (absent for a firewall-mark service).
    public var address: String?
    /// The virtual port (absent for a firewall-mark service).
    public var port: UInt16?
    /// The firewall mark, for a firewall-mark service.
    public var firewallMark: UInt32?
    /// The scheduler (`wlc`, `rr` …).
    public var scheduler: String
    /// Whether the sorry server is in the table because no real server is up.
    public var sorryServerActive: Bool
    /// The real servers, in lvs.cf order.
    public var realServers: [RealServerStatus]
    /// The service's IPVS counters and rates, when the table could be read.
    public var traffic: TrafficStatistics?

    /// `TCP 192.0.2.10:80`, `UDP [2001:db8::10]:53`, `FWM 5`: how status output names it.
    public var endpoint: String {
        if let firewallMark { return "FWM \(firewallMark)" }
        let shown = address.map { $0.utf8.contains(0x3A) ? "[\($0)]" : $0 } ?? "?"
        return "\(protocolName.uppercased()) \(shown):\(port.map(String.init) ?? "?")"
    }

    /// A virtual service's status.
    public init(
        name: String, protocolName: String, address: String? = nil, port: UInt16? = nil, firewallMark: UInt32? = nil,
        scheduler: String, sorryServerActive: Bool = false, realServers: [RealServerStatus]
    ) {
        self.name = name
        self.protocolName = protocolName
        self.address = address
        self.port = port
        self.firewallMark = firewallMark
        self.scheduler = scheduler
        self.sorryServerActive = sorryServerActive
        self.realServers = realServers
    }
}

/// One real server in ``VirtualServiceStatus``.
public struct RealServerStatus: Codable, Sendable, Equatable {
    /// Health as its nanny reported it.
    public enum Health: String, Codable, Sendable, Equatable {
        /// No report yet.
        case unknown
        /// In the table.
        case up
        /// Out of the table (or quiesced to weight 0).
        case down
    }

    /// The administrator's override on its nanny (SIGUSR1/SIGUSR2), if any.
    public enum Override: String, Codable, Sendable, Equatable {
        /// None: checks decide.
        case none
        /// Forced up.
        case forcedUp = "forced-up"
        /// Forced down.
        case forcedDown = "forced-down"
    }

    /// The `server` name in lvs.cf.
    public var name: String
    /// Its address.
    public var address: String
    /// Its port.
    public var port: UInt16
    /// Up, down or unknown.
    public var health: Health
    /// Since when it has had that health, seconds since the Unix epoch.
    public var since: Double?
    /// The weight in the kernel table now.
    public var weight: Int
    /// The weight in lvs.cf.
    public var configuredWeight: Int
    /// The last check's outcome: passed or not, and the detail.
    public var lastCheck: LastCheck?
    /// Drained by `lvsctl drain` (held at weight 0 until enabled or reloaded).
    public var drainedByHand: Bool
    /// The nanny's override mode.
    public var override: Override
    /// Connections IPVS counts as established to this server, when the table could be read.
    public var activeConnections: UInt32?
    /// Connections in other states (closing, SYN received, UDP), when the table could be read.
    public var inactiveConnections: UInt32?
    /// The server's IPVS counters and rates, when the table could be read.
    public var traffic: TrafficStatistics?

    /// One check's outcome.
    public struct LastCheck: Codable, Sendable, Equatable {
        /// Whether it passed.
        public var passed: Bool
        /// What was seen, or why it failed.
        public var detail: String
        /// When, seconds since the Unix epoch.
        public var at: Double
        /// How long the check took, in seconds, when the nanny reported it.
        public var duration: Double?

        /// A check outcome.
        public init(passed: Bool, detail: String, at: Double) {
            self.passed = passed
            self.detail = detail
            self.at = at
        }
    }

    /// A real server's status.
    public init(
        name: String, address: String, port: UInt16, health: Health, since: Double? = nil, weight: Int,
        configuredWeight: Int, lastCheck: LastCheck? = nil, drainedByHand: Bool = false, override: Override = .none
    ) {
        self.name = name
        self.address = address
        self.port = port
        self.health = health
        self.since = since
        self.weight = weight
        self.configuredWeight = configuredWeight
        self.lastCheck = lastCheck
        self.drainedByHand = drainedByHand
        self.override = override
    }
}

/// IPVS's counters and rates of a service or real server (what `ipvsadm -L --stats --rate` shows).
/// The kernel updates the rates, and the counters it shows, every 2 seconds.
public struct TrafficStatistics: Codable, Sendable, Equatable {
    /// Connections scheduled.
    public var connections: UInt64
    /// Packets from clients.
    public var incomingPackets: UInt64
    /// Packets to clients (NAT only: direct routing and tunnelling do not see replies).
    public var outgoingPackets: UInt64
    /// Bytes from clients.
    public var incomingBytes: UInt64
    /// Bytes to clients (NAT only).
    public var outgoingBytes: UInt64
    /// Connections per second.
    public var connectionsPerSecond: UInt64
    /// Incoming packets per second.
    public var incomingPacketsPerSecond: UInt64
    /// Outgoing packets per second.
    public var outgoingPacketsPerSecond: UInt64
    /// Incoming bytes per second.
    public var incomingBytesPerSecond: UInt64
    /// Outgoing bytes per second.
    public var outgoingBytesPerSecond: UInt64

    /// Counters and rates, all zero unless given.
    public init(
        connections: UInt64 = 0, incomingPackets: UInt64 = 0, outgoingPackets: UInt64 = 0, incomingBytes: UInt64 = 0,
        outgoingBytes: UInt64 = 0, connectionsPerSecond: UInt64 = 0, incomingPacketsPerSecond: UInt64 = 0,
        outgoingPacketsPerSecond: UInt64 = 0, incomingBytesPerSecond: UInt64 = 0, outgoingBytesPerSecond: UInt64 = 0
    ) {
        self.connections = connections
        self.incomingPackets = incomingPackets
        self.outgoingPackets = outgoingPackets
        self.incomingBytes = incomingBytes
        self.outgoingBytes = outgoingBytes
        self.connectionsPerSecond = connectionsPerSecond
        self.incomingPacketsPerSecond = incomingPacketsPerSecond
        self.outgoingPacketsPerSecond = outgoingPacketsPerSecond
        self.incomingBytesPerSecond = incomingBytesPerSecond
        self.outgoingBytesPerSecond = outgoingBytesPerSecond
    }
}
