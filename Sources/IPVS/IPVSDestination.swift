import Addressing

/// A destination (real server) of a virtual service.
///
/// Used both to program the kernel (`IPVS_CMD_NEW_DEST`, `IPVS_CMD_SET_DEST`) and as what the
/// kernel reports; the connection counts and ``statistics`` only come back in replies.
public struct IPVSDestination: Hashable, Sendable {
    /// The real server's address.
    public var address: IPAddress
    /// The real server's port.
    public var port: UInt16
    /// How packets reach it.
    public var forwarding: IPVSForwardingMethod
    /// Its weight; 0 quiesces it (no new connections). Negative weights are refused (`ERANGE`).
    public var weight: Int32
    /// Upper connection threshold; 0 means none.
    public var upperThreshold: UInt32
    /// Lower connection threshold; must not exceed the upper one (`ERANGE`).
    public var lowerThreshold: UInt32
    /// Encapsulation settings, used with ``IPVSForwardingMethod/tunnel``.
    public var tunnel: IPVSTunnel
    /// Active connections, in replies only.
    public var activeConnections: UInt32
    /// Inactive connections, in replies only.
    public var inactiveConnections: UInt32
    /// Persistence templates pointing here, in replies only.
    public var persistentConnections: UInt32
    /// Counters and rates, in replies only.
    public var statistics: IPVSStatistics?

    /// Creates a destination; defaults match `ipvsadm -a` with no options (direct routing, weight 1).
    public init(
        address: IPAddress, port: UInt16, forwarding: IPVSForwardingMethod = .directRoute, weight: Int32 = 1,
        upperThreshold: UInt32 = 0, lowerThreshold: UInt32 = 0, tunnel: IPVSTunnel = .ipip,
        activeConnections: UInt32 = 0, inactiveConnections: UInt32 = 0, persistentConnections: UInt32 = 0,
        statistics: IPVSStatistics? = nil
    ) {
        self.address = address
        self.port = port
        self.forwarding = forwarding
        self.weight = weight
        self.upperThreshold = upperThreshold
        self.lowerThreshold = lowerThreshold
        self.tunnel = tunnel
        self.activeConnections = activeConnections
        self.inactiveConnections = inactiveConnections
        self.persistentConnections = persistentConnections
        self.statistics = statistics
    }

    /// Address and port.
    public var identity: IPVSDestinationIdentity { IPVSDestinationIdentity(address: address, port: port) }

    /// The destination as it would be programmed: without connection counts and statistics.
    public var configuration: IPVSDestination {
        var copy = self
        copy.activeConnections = 0
        copy.inactiveConnections = 0
        copy.persistentConnections = 0
        copy.statistics = nil
        return copy
    }
}
