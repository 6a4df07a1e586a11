/// Why a received packet was not taken as an advertisement of this virtual router. Each reason is
/// a counter in pulse's status.
public enum VRRPDropReason: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Not a well-formed advertisement (``VRRPDecodeError`` other than a checksum).
    case malformed
    /// The checksum does not match (also: the two routers disagree on `vrrp_checksum`).
    case checksum
    /// A TTL or hop limit other than 255 on a multicast advertisement: it crossed a router.
    case ttl
    /// A well-formed advertisement of another virtual router id.
    case virtualRouterID = "virtual-router-id"
    /// A VRRP version other than this router's.
    case version
    /// A unicast advertisement from an address that is not among `vrrp_unicast_peers`.
    case sender
    /// VRRPv2: an advertisement interval other than this router's (RFC 3768 discards it).
    case interval
    /// Addresses other than this router's: the two routers are configured with different VIPs.
    /// Counted, but the advertisement is obeyed (``VRRPAdvertFilter/addressMismatch(_:from:)``).
    case addresses

    public var description: String { rawValue }
}

/// A dropped packet: the counted reason and a sentence for the log.
public struct VRRPRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The counted reason.
    public let reason: VRRPDropReason
    /// What exactly was wrong.
    public let detail: String
    /// Who sent it.
    public let source: String

    /// Creates a rejection.
    public init(_ reason: VRRPDropReason, _ detail: String, source: String) {
        self.reason = reason
        self.detail = detail
        self.source = source
    }

    public var description: String {
        // Other addresses are counted, not dropped (VRRPAdvertFilter.addressMismatch).
        let what = reason == .addresses ? "VRRP advertisement" : "dropping VRRP advertisement"
        return "\(what) from \(source): \(reason): \(detail)"
    }
}
