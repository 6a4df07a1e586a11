import CheckVocabulary
import Addressing

/// The global settings (lvs-cf.md A.5 and the extensions).
extension ConfigParseRun {
    func applyGlobal(
        _ key: ConfigKey, _ keyToken: ConfigToken, _ values: ArraySlice<ConfigToken>, _ equals: ConfigToken
    ) {
        if key.isClusterKey { return applyClusterKey(key, values, equals) }
        if key.isVRRPKey { return applyVRRPKey(key, values, equals) }
        switch key {
        case .natRouter:
            guard expectValues(values, 2, key, equals, expecting: "ADDRESS DEVICE, such as 10.0.1.254 eth1:1") else {
                return
            }
            let v = Array(values)
            if let address = readHost(v[0], key), let device = readDevice(v[1], key) {
                if address.isUnspecified {
                    diagnostics.error(location(v[0]), "\(key.name): \(address) is not a usable gateway address")
                } else {
                    natRouterAddress = (address, device)
                }
            }
            return
        default:
            break
        }
        guard expectValues(values, 1, key, equals, expecting: key.expectation, isText: key.isText) else { return }
        let t = values[values.startIndex]
        switch key {
        case .serialNo:
            if let n = readInteger(t, key, 0...Int64(Int32.max), key.expectation) { config.serialNumber = Int(n) }
        case .service:
            if let v = readWord(t, key, LVSConfig.ServiceKind.self) { config.service = v }
        case .primary:
            if let a = readDirectorAddress(t, key) { config.primary.publicAddress = a }
        case .primaryPrivate:
            if let a = readDirectorAddress(t, key) { primaryPrivate = a }
        case .primaryShared:
            if let s = readText(t, key) { config.primary.sharedDevice = s }
        case .backup:
            // 0.0.0.0 is Piranha's "no backup".
            if let a = readHost(t, key) { config.backup.publicAddress = a.isUnspecified ? nil : a }
        case .backupActive:
            if let b = readBool(t, key) { config.backupActive = b }
        case .backupPrivate:
            if let a = readDirectorAddress(t, key) { backupPrivate = a }
        case .backupShared:
            if let s = readText(t, key) { config.backup.sharedDevice = s }
        case .heartbeatPort:
            if let p = readPort(t, key) { config.heartbeat.port = p }
        case .keepalive:
            if let d = readSeconds(t, key, fractions: true) { config.heartbeat.keepalive = d }
        case .deadtime:
            if let d = readSeconds(t, key, fractions: true) { config.heartbeat.deadtime = d }
        case .network:
            if let v = readWord(t, key, LVSConfig.ForwardingMethod.self) { config.network = v }
        case .natNmask:
            if let m = readMask(t, key) { natMask = m }
        case .rshCommand:
            if let s = readRshCommand(t, key) { config.rshCommand = s }
        case .ipvsadm:
            if let s = readText(t, key) { config.ipvsadmPath = s }
        case .reservationConflictAction:
            if let v = readWord(t, key, LVSConfig.ReservationConflictAction.self) {
                config.reservationConflictAction = v
            }
        case .activeCmd:
            if let s = readText(t, key) { config.activeCommand = s }
        case .inactiveCmd:
            if let s = readText(t, key) { config.inactiveCommand = s }
        case .monitorLinks:
            if let b = readBool(t, key) { config.monitorLinks = b }
        case .warmStandby:
            if let b = readBool(t, key) { config.warmStandby = b }
        case .syncdaemon:
            if let b = readBool(t, key) { config.syncDaemon.enabled = b }
        case .syncdIface:
            if let s = readDevice(t, key) { config.syncDaemon.interface = s }
        case .syncdID:
            if let n = readInteger(t, key, 0...255, key.expectation) { config.syncDaemon.syncID = UInt8(n) }
        case .tcpTimeout:
            if let n = readInteger(t, key, 0...Int64(Int32.max), key.expectation) {
                config.ipvsTimeouts.tcp = UInt32(n)
            }
        case .tcpfinTimeout:
            if let n = readInteger(t, key, 0...Int64(Int32.max), key.expectation) {
                config.ipvsTimeouts.tcpFin = UInt32(n)
            }
        case .udpTimeout:
            if let n = readInteger(t, key, 0...Int64(Int32.max), key.expectation) {
                config.ipvsTimeouts.udp = UInt32(n)
            }
        case .hardShutdown:
            if let b = readBool(t, key) { config.hardShutdown = b }
        case .heartbeatProtocol:
            if let v = readWord(t, key, HeartbeatSettings.WireProtocol.self) { config.heartbeat.wireProtocol = v }
        case .heartbeatKeyFile:
            if let s = readAbsolutePath(t, key) { config.heartbeat.keyFile = s }
        case .garpCount:
            if let n = readInteger(t, key, 0...100, key.expectation) { config.gratuitousARP.count = Int(n) }
        case .garpInterval:
            if let d = readSeconds(t, key, fractions: true) { config.gratuitousARP.interval = d }
        // Piranha read these and did nothing with them. The values its GUI writes pass without a
        // word (a warning on every healthy file teaches admins to ignore warnings); a value that
        // asks for something gets a warning saying it does not happen.
        case .heartbeat:
            if readBool(t, key) == false {
                diagnostics.warning(
                    location(t),
                    "heartbeat: 0 has no effect: heartbeats are sent whenever backup_active = 1 (as under Piranha)")
            }
        case .sync:
            if readBool(t, key) == true {
                diagnostics.warning(
                    location(t),
                    "sync: 1 has no effect: lvs.cf is not copied to the other director; copy it yourself (as under Piranha)"
                )
            }
        case .debugLevel:
            if let level = readText(t, key), level != "NONE" {
                diagnostics.warning(
                    location(t),
                    "debug_level: \(shown(t)) has no effect: for debug messages start pulse and lvsd with --verbose")
            }
        default:
            break
        }
    }

    /// A director's own address: 0.0.0.0 is refused, as Piranha refused it.
    private func readDirectorAddress(_ token: ConfigToken, _ key: ConfigKey) -> IPAddress? {
        guard let a = readHost(token, key) else { return nil }
        if a.isUnspecified || a.isMulticast {
            diagnostics.error(
                location(token),
                "\(key.name): invalid host name or ip address \(shown(token)) (expected this director's own address)")
            return nil
        }
        return a
    }

    /// Resolves what depends on the whole file: private addresses default to their own public
    /// address (each independently, unlike Piranha, B.10); the NAT router's mask family.
    func finishGlobals() {
        if config.backupActive, config.backup.publicAddress == nil, !config.cluster.isActiveActive,
            let at = sources.globals.location(of: .backupActive),
            !diagnostics.hasError(at: sources.globals.location(of: .backup))
        {
            // Piranha cleared it ("Undefined backup node marked as active? -- clearing that!").
            diagnostics.warning(
                at,
                "backup_active: 1 has no effect: no backup director is defined (set backup to its public address); running without a backup"
            )
        }
        config.primary.privateAddress = primaryPrivate ?? config.primary.publicAddress
        config.backup.privateAddress = backupPrivate ?? config.backup.publicAddress
        if let (address, device) = natRouterAddress {
            var router = NATRouter(address: address, device: device)
            if let mask = natMask {
                router.netmask = resolveMask(
                    mask, for: address.family, key: .natNmask,
                    at: sources.globals.locationOrOpening(of: .natNmask), what: "nat_router")
            }
            config.natRouter = router
            if config.network != .nat {
                // Piranha brought the router address up only in NAT mode (so does pulse); a
                // leftover line in a direct-routing or tunnel file did nothing there either.
                diagnostics.warning(
                    sources.globals.locationOrOpening(of: .natRouter),
                    "nat_router: ignored: network is \(config.network.rawValue), and only NAT directors are the real servers' gateway"
                )
            }
        } else if natMask != nil, sources.globals.location(of: .natRouter) == nil {
            diagnostics.warning(
                sources.globals.locationOrOpening(of: .natNmask), "nat_nmask: ignored: nat_router is not set")
        }
    }

    /// A mask as written, checked against the family of the address it applies to.
    func resolveMask(
        _ mask: MaskText, for family: AddressFamily, key: ConfigKey, at: SourceLocation, what: String
    ) -> AddressMask? {
        switch (mask, family) {
        case (.none, _):
            return nil
        case (.dotted(let m), .inet):
            return .v4(m)
        case (.prefix(let n), .inet6):
            return .v6(prefixLength: n)
        case (.dotted, .inet6):
            diagnostics.error(at, "\(key.name): expected a prefix length 1-128, since the \(what) address is IPv6")
            return nil
        case (.prefix, .inet):
            diagnostics.error(
                at,
                "\(key.name): bad netmask: expected a dotted netmask such as 255.255.255.0, since the \(what) address is IPv4"
            )
            return nil
        }
    }
}

extension ConfigKey {
    /// What the key's value should look like, for messages.
    var expectation: String {
        switch self {
        case .serialNo: "an integer 0-2147483647"
        case .service: "lvs or fos"
        case .primary, .primaryPrivate, .backup, .backupPrivate, .sorryServer, .master: "an IP address"
        case .backupActive, .monitorLinks, .syncdaemon, .hardShutdown, .active, .useRegex, .quiesceServer,
            .heartbeat, .sync, .warmStandby, .bgpBFD, .vrrpPreempt:
            "0 or 1"
        case .heartbeatPort, .port: "a port number 1-65535 or a service name"
        case .keepalive, .deadtime, .garpInterval: "a number of seconds greater than 0, such as 2 or 0.5"
        case .timeout, .reentry: "a whole number of seconds greater than 0"
        case .network: "nat, direct or tunnel"
        case .natNmask, .vipNmask, .pmask, .nmask: "a netmask such as 255.255.255.0"
        case .syncdID: "an integer 0-255"
        case .tcpTimeout, .tcpfinTimeout, .udpTimeout: "a number of seconds, 0 to leave the kernel's value"
        case .garpCount: "an integer 0-100"
        case .heartbeatProtocol: "lvsrouter, piranha or vrrp"
        case .reservationConflictAction: "nothing or preempt"
        case .fwmark: "a firewall mark 1-4294967295"
        case .protocol: "tcp, udp or sctp"
        case .scheduler: "a scheduler name such as wlc"
        case .persistent: "a number of seconds, 0 for no persistence"
        case .weight: "an integer 0-65535"
        case .syncdIface: "an interface name"
        case .heartbeatKeyFile, .tlsCAFile, .birdSocket, .birdInclude: "an absolute path"
        case .clusterMode: "pair or bgp"
        case .clusterDirectors: "every director's own address, such as 10.0.0.11 10.0.0.12 10.0.0.13"
        case .bgpLocalAS: "an AS number 1-4294967295"
        case .bgpNeighbors: "pairs of router address and AS number, such as 10.0.0.1 65000"
        case .bgpHoldTime: "a whole number of seconds 3-65535"
        case .bgpBFDInterval: "milliseconds 10-10000"
        case .schedulerFlags: "flags such as mh-port mh-fallback"
        case .vrrpID: "a virtual router id 1-255"
        case .vrrpVersion: "2 or 3"
        case .vrrpPrimaryPriority, .vrrpBackupPriority: "a priority 1-254"
        case .vrrpAdvertInterval: "centiseconds 1-4095, such as 100 for one second"
        case .vrrpPreemptDelay: "a whole number of seconds 0-1000"
        case .vrrpUnicastPeers: "the other routers' addresses, such as 192.0.2.2 192.0.2.3"
        case .vrrpChecksum: "pseudo-header or message-only"
        case .checkType: "tcp, udp, http, https, tls, dns, smtp or program"
        case .httpMethod, .httpPath, .httpHost, .httpStatus, .httpRegex, .httpDigest, .tlsServerName, .dnsName,
            .dnsType, .dnsRcode, .dnsAnswer, .smtpHelo:
            protocolCheckField?.expectation ?? "a value"
        case .rise, .fall: "a count 1-\(RiseFall.limit)"
        default: "a value"
        }
    }

    /// Whether the value is free text (a hint about quoting applies).
    var isText: Bool {
        switch self {
        case .primaryShared, .backupShared, .debugLevel, .rshCommand, .ipvsadm, .activeCmd, .inactiveCmd,
            .heartbeatKeyFile, .birdSocket, .birdInclude, .clientMonitor, .send, .expect, .sendProgram, .loadMonitor,
            .startCmd, .stopCmd,
            .httpPath, .httpHost, .httpStatus, .httpRegex, .httpDigest, .tlsServerName, .tlsCAFile, .dnsName, .dnsType,
            .dnsRcode, .dnsAnswer, .smtpHelo:
            true
        default:
            false
        }
    }
}
