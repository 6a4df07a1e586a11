/// Counters and rates of a service or destination (`IPVS_SVC_ATTR_STATS64`,
/// `IPVS_DEST_ATTR_STATS64`, or the 32-bit `…_STATS` on old kernels).
///
/// The kernel's estimator updates the rates and `--stats` counters every 2 seconds.
public struct IPVSStatistics: Hashable, Sendable {
    /// Connections scheduled (`IPVS_STATS_ATTR_CONNS`).
    public var connections: UInt64 = 0
    /// Incoming packets (`IPVS_STATS_ATTR_INPKTS`).
    public var incomingPackets: UInt64 = 0
    /// Outgoing packets (`IPVS_STATS_ATTR_OUTPKTS`).
    public var outgoingPackets: UInt64 = 0
    /// Incoming bytes (`IPVS_STATS_ATTR_INBYTES`).
    public var incomingBytes: UInt64 = 0
    /// Outgoing bytes (`IPVS_STATS_ATTR_OUTBYTES`).
    public var outgoingBytes: UInt64 = 0
    /// Connections per second (`IPVS_STATS_ATTR_CPS`).
    public var connectionsPerSecond: UInt64 = 0
    /// Incoming packets per second (`IPVS_STATS_ATTR_INPPS`).
    public var incomingPacketsPerSecond: UInt64 = 0
    /// Outgoing packets per second (`IPVS_STATS_ATTR_OUTPPS`).
    public var outgoingPacketsPerSecond: UInt64 = 0
    /// Incoming bytes per second (`IPVS_STATS_ATTR_INBPS`).
    public var incomingBytesPerSecond: UInt64 = 0
    /// Outgoing bytes per second (`IPVS_STATS_ATTR_OUTBPS`).
    public var outgoingBytesPerSecond: UInt64 = 0

    /// All counters zero.
    public init() {}

    /// Creates statistics from every counter, in the kernel's attribute order.
    public init(
        connections: UInt64, incomingPackets: UInt64, outgoingPackets: UInt64, incomingBytes: UInt64,
        outgoingBytes: UInt64, connectionsPerSecond: UInt64, incomingPacketsPerSecond: UInt64,
        outgoingPacketsPerSecond: UInt64, incomingBytesPerSecond: UInt64, outgoingBytesPerSecond: UInt64
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
