import Addressing
import Heartbeat
import LVSConfig
import VRRP

/// `heartbeat_protocol = vrrp`: the virtual router pulse runs on this director, lvs.cf's VRRP keys
/// resolved for its role and address family (the version defaults as keepalived's does).
public struct VRRPRouterSettings: Hashable, Sendable {
    public var version: VRRPAdvertisement.Version
    /// `vrrp_id`.
    public var virtualRouterID: UInt8
    /// `vrrp_primary_priority` or `vrrp_backup_priority`, by this director's role.
    public var priority: UInt8
    /// `vrrp_advert_interval`, centiseconds.
    public var advertIntervalCentiseconds: UInt16
    /// `vrrp_preempt`.
    public var preempt: Bool
    /// `vrrp_preempt_delay`.
    public var preemptDelay: Duration
    /// `vrrp_unicast_peers`; empty: multicast.
    public var unicastPeers: [IPAddress]
    /// `vrrp_checksum`.
    public var checksum: VRRPChecksumMode

    /// The settings in `config` for the director with `role`, whose own address is of `family`.
    public init(config: LVSConfig, role: FailoverRole, family: AddressFamily) throws(PulseSettingsError) {
        let vrrp = config.vrrp
        guard let id = vrrp.virtualRouterID else {
            throw PulseSettingsError("heartbeat_protocol = vrrp needs vrrp_id (the virtual router id, 1-255)")
        }
        virtualRouterID = id
        version = vrrp.effectiveVersion(ipv6: family == .inet6) == .v2 ? .v2 : .v3
        priority = role == .primary ? vrrp.primaryPriority : vrrp.backupPriority
        advertIntervalCentiseconds = UInt16(clamping: vrrp.advertInterval)
        preempt = vrrp.preempt
        preemptDelay = .seconds(vrrp.preemptDelay)
        unicastPeers = vrrp.unicastPeers
        checksum = vrrp.checksum == .messageOnly ? .messageOnly : .withPseudoHeader
    }

    /// Where advertisements go: the unicast peers but this director (both directors share one
    /// lvs.cf, which may list both), or the VRRP group of `own`'s family.
    public func destinations(from own: IPAddress) -> [IPAddress] {
        unicastPeers.isEmpty ? [VRRPSocket.group(own.family)] : unicastPeers.filter { $0 != own }
    }

    /// The receive checks for a router carrying `addresses`.
    public func filter(addresses: [IPAddress]) -> VRRPAdvertFilter {
        VRRPAdvertFilter(
            version: version, virtualRouterID: virtualRouterID, advertIntervalCentiseconds: advertIntervalCentiseconds,
            addresses: addresses, checksum: checksum, unicastPeers: unicastPeers)
    }

    /// `VRRPv3 virtual router 51, priority 150, every 1 s, multicast`, for the start line.
    public var summary: String {
        "VRRPv\(version.rawValue) virtual router \(virtualRouterID), priority \(priority), every "
            + "\(advertIntervalCentiseconds * 10) ms, "
            + (unicastPeers.isEmpty
                ? "multicast" : "unicast to \(unicastPeers.map(\.description).joined(separator: " "))")
            + (preempt ? "" : ", no preemption")
    }
}

extension PulseSettings {
    /// The addresses a virtual router carries: the VIPs and `nat_router`, each once, in file order.
    public var vrrpAddresses: [IPAddress] {
        var seen = Set<IPAddress>()
        return virtualAddresses.map(\.address).filter { seen.insert($0).inserted }
    }

    /// The VRRP election's configuration for these settings (nil without `heartbeat_protocol = vrrp`).
    public func vrrpElectionConfiguration(
        forceActive: Bool
    ) throws(VRRPConfigurationError) -> VRRPElectionConfiguration? {
        guard let vrrp else { return nil }
        return try VRRPElectionConfiguration(
            role: role, version: vrrp.version, virtualRouterID: vrrp.virtualRouterID, priority: vrrp.priority,
            advertIntervalCentiseconds: vrrp.advertIntervalCentiseconds, preempt: vrrp.preempt,
            preemptDelay: vrrp.preemptDelay, ownAddress: localAddress, addresses: vrrpAddresses,
            gratuitousARPCount: gratuitousARP.count, gratuitousARPInterval: gratuitousARP.interval,
            forceActive: forceActive)
    }
}
