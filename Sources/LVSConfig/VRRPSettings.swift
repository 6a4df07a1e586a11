import Addressing

/// The `vrrp_*` keys (extensions), read with `heartbeat_protocol = vrrp`: pulse elects the active
/// director with VRRP (RFC 3768, RFC 5798) instead of its own heartbeats, so that it can pair
/// with keepalived or a router speaking VRRP. One virtual router carries every active VIP and
/// `nat_router`, all of the primary's address family.
public struct VRRPSettings: Hashable, Sendable, Codable {
    /// `vrrp_version`: the VRRP version spoken.
    public enum Version: Int, Hashable, Sendable, Codable, CaseIterable {
        /// VRRPv2 (RFC 3768): IPv4 only, intervals in whole seconds.
        case v2 = 2
        /// VRRPv3 (RFC 5798): IPv4 and IPv6, intervals in centiseconds.
        case v3 = 3
    }

    /// `vrrp_checksum`: what a VRRPv3 advertisement's checksum covers over IPv4.
    public enum ChecksumMode: String, Hashable, Sendable, Codable, CaseIterable {
        /// The message and the IPv4 pseudo-header, as RFC 5798 and keepalived (by default) do.
        case pseudoHeader = "pseudo-header"
        /// The message alone: RFC 9568's reading, keepalived's `v3_checksum_as_v2`.
        case messageOnly = "message-only"
    }

    /// `vrrp_id`: the virtual router id (1-255) every router of the group shares. Required with
    /// `heartbeat_protocol = vrrp`.
    public var virtualRouterID: UInt8?
    /// `vrrp_version`; nil when not set (see ``effectiveVersion(ipv6:)``).
    public var version: Version?
    /// `vrrp_primary_priority` (1-254): the primary director's priority. Default 150.
    public var primaryPriority: UInt8 = 150
    /// `vrrp_backup_priority` (1-254): the backup director's priority. Default 100.
    public var backupPriority: UInt8 = 100
    /// `vrrp_advert_interval`, centiseconds (1-4095): how often the master advertises. Default
    /// 100 (one second); VRRPv2 takes only whole seconds.
    public var advertInterval = 100
    /// `vrrp_preempt`: a higher-priority router takes over from a live lower-priority master.
    /// Default true.
    public var preempt = true
    /// `vrrp_preempt_delay`, seconds (0-1000, keepalived's range): how long after start a router
    /// waits before it preempts. Default 0.
    public var preemptDelay = 0
    /// `vrrp_unicast_peers`: the other routers' addresses, advertised to one by one; empty for
    /// multicast to 224.0.0.18 (IPv4) or ff02::12 (IPv6).
    public var unicastPeers: [IPAddress] = []
    /// `vrrp_checksum`: only meaningful for VRRPv3 over IPv4. Default `.pseudoHeader`.
    public var checksum: ChecksumMode = .pseudoHeader

    /// Defaults: no virtual router id, the version chosen by family.
    public init() {}

    /// The version spoken: the one set, else 3 for IPv6 (VRRPv2 is IPv4 only) and 2 for IPv4,
    /// keepalived's default, so that a pair with neither set agrees. Sub-second advertisements
    /// need version 3.
    public func effectiveVersion(ipv6: Bool) -> Version {
        version ?? (ipv6 ? .v3 : .v2)
    }
}
