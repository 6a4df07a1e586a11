import Addressing

/// The checks of `heartbeat_protocol = vrrp` and the `vrrp_*` keys.
extension LVSConfigValidator {
    /// The keys of pulse's own heartbeat, which mean nothing when VRRP elects the active director,
    /// and why.
    static let keysVRRPReplaces: [(key: ConfigKey, why: String)] = [
        (.heartbeatKeyFile, "VRRP advertisements carry no authentication (RFC 3768 and RFC 5798 removed it)"),
        (.heartbeatPort, "VRRP is IP protocol 112 and has no port"),
        (.keepalive, "the master advertises every vrrp_advert_interval instead"),
        (
            .deadtime,
            "a backup takes over after VRRP's master-down interval (three times vrrp_advert_interval, and a skew) instead"
        ),
    ]

    /// With `heartbeat_protocol = vrrp`: a virtual router id, none of the heartbeat keys VRRP
    /// replaces, warm standby, every address the virtual router carries of the primary's family,
    /// and a version that can carry the interval and the checksum asked for. Otherwise the
    /// `vrrp_*` keys are refused.
    func checkVRRP(_ d: inout DiagnosticCollector) {
        let wire = config.heartbeat.wireProtocol
        guard wire == .vrrp else {
            for key in ConfigKey.allCases where key.isVRRPKey {
                if let at = sources.globals.location(of: key) {
                    d.error(
                        at,
                        "\(key.name): applies only with heartbeat_protocol = vrrp (this file uses \(wire.rawValue))")
                }
            }
            return
        }
        let vrrp = config.vrrp
        if vrrp.virtualRouterID == nil, !d.hasError(at: sources.globals.location(of: .vrrpID)) {
            d.error(
                global(.heartbeatProtocol),
                "vrrp_id: missing: heartbeat_protocol = vrrp needs the virtual router id (1-255) every router of the group shares"
            )
        }
        for (key, why) in Self.keysVRRPReplaces {
            if let at = sources.globals.location(of: key) {
                d.error(at, "\(key.name): cannot be used with heartbeat_protocol = vrrp: \(why) (remove the line)")
            }
        }
        if let at = sources.globals.location(of: .warmStandby), !d.hasError(at: at), !config.warmStandby {
            d.error(
                at,
                "warm_standby: 0 cannot be used with heartbeat_protocol = vrrp: a backup becomes master as soon as the advertisements stop, so its IPVS table must already be loaded (remove the line)"
            )
        }
        // A missing or unusable primary is reported by checkDirectors.
        guard let primary = config.primary.publicAddress else { return }
        checkVRRPFamilies(primary.family, &d)
        let ipv6 = primary.family == .inet6
        if vrrp.version == .v2, ipv6 {
            d.error(
                global(.vrrpVersion), "vrrp_version: 2 is for IPv4 only, but primary is IPv6 (use vrrp_version = 3)")
            return
        }
        guard vrrp.effectiveVersion(ipv6: ipv6) == .v2 else {
            if ipv6, let at = sources.globals.location(of: .vrrpChecksum), !d.hasError(at: at) {
                d.warning(
                    at, "vrrp_checksum: ignored over IPv6: the VRRPv3 checksum always covers the IPv6 pseudo-header")
            }
            return
        }
        let which = vrrp.version == nil ? "VRRPv2 (the default for IPv4)" : "VRRPv2"
        if !vrrp.advertInterval.isMultiple(of: 100) {
            d.error(
                global(.vrrpAdvertInterval),
                "vrrp_advert_interval: \(vrrp.advertInterval) centiseconds cannot be sent with \(which), which advertises whole seconds (use a multiple of 100, or vrrp_version = 3)"
            )
        }
        if let at = sources.globals.location(of: .vrrpChecksum), !d.hasError(at: at) {
            d.error(
                at,
                "vrrp_checksum: applies only to VRRPv3: the checksum of \(which) never covers a pseudo-header (set vrrp_version = 3, or remove the line)"
            )
        }
    }

    /// One virtual router carries addresses of one family: the primary's.
    private func checkVRRPFamilies(_ family: AddressFamily, _ d: inout DiagnosticCollector) {
        let why = "one VRRP virtual router carries addresses of one family (heartbeat_protocol = vrrp)"
        if config.service == .lvs {
            for (index, service) in config.virtualServices.enumerated() where service.active {
                guard let vip = service.vip, vip.address.family != family else { continue }
                d.error(
                    sources.virtuals[index].block.locationOrOpening(of: .address),
                    "address: \(vip.address) in virtual '\(service.name)' is \(vip.address.family), but primary is \(family): \(why)"
                )
            }
        }
        if config.network == .nat, let router = config.natRouter, router.address.family != family {
            d.error(
                global(.natRouter),
                "nat_router: \(router.address) is \(router.address.family), but primary is \(family): \(why)")
        }
        for peer in config.vrrp.unicastPeers where peer.family != family {
            d.error(
                global(.vrrpUnicastPeers),
                "vrrp_unicast_peers: \(peer) is \(peer.family), but primary is \(family): \(why)")
        }
    }
}
