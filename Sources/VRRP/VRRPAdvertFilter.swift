import Addressing

/// The checks a received packet passes before the election sees it (RFC 5798 §7.1, RFC 3768
/// §7.1), in keepalived's order: the hop limit, the packet itself (``VRRPPacketCodec``), then that
/// it belongs to this virtual router. Pure: the socket hands in what the IP header said.
public struct VRRPAdvertFilter: Hashable, Sendable {
    /// This router's version; an advertisement of the other is dropped.
    public var version: VRRPAdvertisement.Version
    /// This router's id; another id is another virtual router on the same link.
    public var virtualRouterID: UInt8
    /// This router's interval (VRRPv2 drops a different one; v3 adopts the master's).
    public var advertIntervalCentiseconds: UInt16
    /// This router's addresses, compared with the advertisement's (as a set) by
    /// ``addressMismatch(_:from:)``.
    public var addresses: [IPAddress]
    /// How IPv4 VRRPv3 checksums are computed.
    public var checksum: VRRPChecksumMode
    /// `vrrp_unicast_peers`: when set, only these may send, and the hop limit is not checked
    /// (a unicast peer may be routed); empty: multicast, hop limit 255 required.
    public var unicastPeers: [IPAddress]

    /// Creates a filter.
    public init(
        version: VRRPAdvertisement.Version, virtualRouterID: UInt8, advertIntervalCentiseconds: UInt16,
        addresses: [IPAddress], checksum: VRRPChecksumMode, unicastPeers: [IPAddress]
    ) {
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.advertIntervalCentiseconds = advertIntervalCentiseconds
        self.addresses = addresses
        self.checksum = checksum
        self.unicastPeers = unicastPeers
    }

    /// The advertisement in `bytes`, which came from `source` to `destination` with this TTL or
    /// hop limit, or why it is dropped.
    public func accept(
        _ bytes: [UInt8], from source: IPAddress, to destination: IPAddress, hopLimit: Int
    ) -> Result<VRRPAdvertisement, VRRPRejection> {
        let sender = source.description
        if unicastPeers.isEmpty {
            guard hopLimit == 255 else {
                return .failure(VRRPRejection(.ttl, "TTL/hop limit \(hopLimit), 255 required", source: sender))
            }
        } else if !unicastPeers.contains(source) {
            return .failure(VRRPRejection(.sender, "not one of vrrp_unicast_peers", source: sender))
        }
        let advertisement: VRRPAdvertisement
        do {
            advertisement = try VRRPPacketCodec.decode(bytes, from: source, to: destination, checksum: checksum)
        } catch {
            if case .checksum = error {
                let hint = source.family == .inet && version == .v3 ? " (is vrrp_checksum the same on both?)" : ""
                return .failure(VRRPRejection(.checksum, "\(error)\(hint)", source: sender))
            }
            if case .unknownVersion = error { return .failure(VRRPRejection(.version, "\(error)", source: sender)) }
            return .failure(VRRPRejection(.malformed, "\(error)", source: sender))
        }
        guard advertisement.version == version else {
            return .failure(
                VRRPRejection(
                    .version, "VRRPv\(advertisement.version.rawValue), this router speaks v\(version.rawValue)",
                    source: sender))
        }
        guard advertisement.virtualRouterID == virtualRouterID else {
            return .failure(
                VRRPRejection(
                    .virtualRouterID, "virtual router \(advertisement.virtualRouterID), this is \(virtualRouterID)",
                    source: sender))
        }
        if version == .v2, advertisement.intervalCentiseconds != advertIntervalCentiseconds {
            return .failure(
                VRRPRejection(
                    .interval,
                    "interval \(advertisement.intervalCentiseconds / 100) s, this router's is "
                        + "\(advertIntervalCentiseconds / 100) s", source: sender))
        }
        return .success(advertisement)
    }

    /// Why `advertisement` (accepted) does not carry this router's addresses, or nil when it does
    /// (in any order). keepalived drops such an advertisement; pulse counts and logs it but still
    /// obeys its priority: two routers configured with different VIPs are an admin's mistake, and
    /// ignoring the other master would make this director a second one.
    public func addressMismatch(_ advertisement: VRRPAdvertisement, from source: IPAddress) -> VRRPRejection? {
        guard Set(advertisement.addresses) != Set(addresses) || advertisement.addresses.count != addresses.count
        else { return nil }
        let theirs = advertisement.addresses.map(\.description).joined(separator: " ")
        let ours = addresses.map(\.description).joined(separator: " ")
        return VRRPRejection(
            .addresses, "it carries \(theirs), this router carries \(ours) (obeyed all the same)",
            source: source.description)
    }
}
