import Addressing

/// One VRRP advertisement, the packet a master sends to say it holds a virtual router's addresses:
/// VRRPv2 (RFC 3768, IPv4 only, interval in seconds) or VRRPv3 (RFC 5798, IPv4 or IPv6, interval
/// in centiseconds). Pure value: ``VRRPPacketCodec`` turns it into bytes and back.
public struct VRRPAdvertisement: Hashable, Sendable {
    /// The protocol version, from the packet's first 4 bits.
    public enum Version: UInt8, Hashable, Sendable {
        case v2 = 2
        case v3 = 3
    }

    /// The IP protocol number VRRP travels in.
    public static let ipProtocol: UInt8 = 112
    /// Priority 0: the master is stopping and a backup should take over at once.
    public static let stoppingPriority: UInt8 = 0
    /// Priority 255: the router owns the addresses.
    public static let ownerPriority: UInt8 = 255
    /// The largest v3 interval: 12 bits of centiseconds (40.95 s).
    public static let maximumCentiseconds: UInt16 = 4095

    public var version: Version
    /// The virtual router id (1-255).
    public var virtualRouterID: UInt8
    public var priority: UInt8
    /// The advertisement interval in centiseconds (v2 carries whole seconds: a multiple of 100).
    public var intervalCentiseconds: UInt16
    /// The virtual router's addresses, all of one family (v2: IPv4 only).
    public var addresses: [IPAddress]

    public init(
        version: Version, virtualRouterID: UInt8, priority: UInt8, intervalCentiseconds: UInt16,
        addresses: [IPAddress]
    ) {
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.intervalCentiseconds = intervalCentiseconds
        self.addresses = addresses
    }

    /// The interval as a duration.
    public var interval: Duration { .milliseconds(Int64(intervalCentiseconds) * 10) }
}
