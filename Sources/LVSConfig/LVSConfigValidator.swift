import Addressing

/// The checks an admin needs before a reload, beyond syntax: they look at the whole parsed
/// config and point at the line to fix.
///
/// Errors, for what would break the service or the failover: two services with the same identity
/// (both active); two real servers with the same address and port (both active); an active service
/// or server without a usable address; a failover block without `start_cmd`/`stop_cmd`; address
/// families that cannot be mixed; a missing `primary`; `deadtime` not longer than `keepalive`.
/// Warnings, for what has no effect (a file Piranha ran loads): `reentry` shorter than `timeout`,
/// an active virtual service with no active real server, blocks of the kind `service` does not
/// run, and the same duplicates when an inactive block is involved.
struct LVSConfigValidator {
    let config: LVSConfig
    let sources: ConfigSourceMap

    mutating func check(into d: inout DiagnosticCollector) {
        checkCluster(&d)
        if !config.cluster.isActiveActive {
            checkDirectors(&d)
            // Before checkHeartbeat: the keepalive and deadtime it compares are refused with VRRP.
            checkVRRP(&d)
            checkHeartbeat(&d)
        }
        checkNetwork(&d)
        checkServiceKinds(&d)
        // Blocks of the kind `service` does not select are not used: nothing more to say about them.
        if config.service == .lvs || config.failoverServices.isEmpty { checkVirtualServices(&d) }
        if config.service == .fos || config.virtualServices.isEmpty { checkFailoverServices(&d) }
    }

    func global(_ key: ConfigKey) -> SourceLocation {
        sources.globals.locationOrOpening(of: key)
    }

    private func checkDirectors(_ d: inout DiagnosticCollector) {
        guard let primary = config.primary.publicAddress else {
            if sources.globals.location(of: .primary) == nil {
                d.error(.start, "primary: missing: set primary to the primary director's public address")
            }
            return
        }
        if let backup = config.backup.publicAddress {
            if backup == primary {
                d.error(global(.backup), "backup: the same address as primary (\(primary))")
            } else if backup.family != primary.family {
                d.error(
                    global(.backup),
                    "backup: \(backup.family) but primary is \(primary.family); both directors must use the same address family"
                )
            }
        }
        let privateGiven =
            sources.globals.location(of: .primaryPrivate) != nil || sources.globals.location(of: .backupPrivate) != nil
        if privateGiven, let p = config.primary.privateAddress, let b = config.backup.privateAddress {
            if p.family != b.family {
                d.error(
                    global(sources.globals.location(of: .backupPrivate) != nil ? .backupPrivate : .primaryPrivate),
                    "backup_private: \(b.family) but primary_private is \(p.family); the private addresses must use the same family"
                )
            } else if p == b, sources.globals.location(of: .backupPrivate) != nil {
                d.error(global(.backupPrivate), "backup_private: the same address as primary_private (\(p))")
            }
        }
    }

    private func checkHeartbeat(_ d: inout DiagnosticCollector) {
        let hb = config.heartbeat
        // A value already rejected would be compared as its default: say nothing more about it.
        let timesValid =
            !d.hasError(at: sources.globals.location(of: .keepalive))
            && !d.hasError(at: sources.globals.location(of: .deadtime))
        if timesValid, hb.deadtime <= hb.keepalive {
            // pulse refuses this: the peer would be declared dead between two of its heartbeats.
            d.error(
                global(sources.globals.location(of: .deadtime) != nil ? .deadtime : .keepalive),
                "deadtime: \(hb.deadtime.configText) s must be longer than keepalive (\(hb.keepalive.configText) s): the peer would be declared dead between two heartbeats"
            )
        }
        if hb.keyFile != nil, hb.wireProtocol == .piranha {
            d.warning(
                global(.heartbeatKeyFile),
                "heartbeat_key_file: ignored: heartbeat_protocol = piranha has no authentication")
        }
        // With VRRP a lone pulse may still be a backup, to keepalived or a router.
        if let given = sources.globals.location(of: .warmStandby), !d.hasError(at: given), !config.hasBackup,
            hb.wireProtocol != .vrrp
        {
            d.warning(
                global(.warmStandby),
                "warm_standby: ignored: there is no backup director (backup_active = 0), so lvsd always runs on the primary"
            )
        }
    }

    private func checkNetwork(_ d: inout DiagnosticCollector) {
        if config.network == .nat, config.natRouter == nil, config.hasBackup, config.service == .lvs,
            config.virtualServices.contains(where: \.active)
        {
            d.warning(
                global(.network),
                "network: nat with a backup director but no nat_router: the real servers' gateway address will not move to the backup on failover"
            )
        }
    }

    private func checkServiceKinds(_ d: inout DiagnosticCollector) {
        let hasVirtual = !config.virtualServices.isEmpty
        let hasFailover = !config.failoverServices.isEmpty
        if hasVirtual, hasFailover {
            // Piranha ran the kind `service` selects and left the other alone (a GUI user who
            // tried both kinds has both in the file). Point at the first block not used.
            let unused = config.service == .lvs ? "failover" : "virtual"
            let count = config.service == .lvs ? config.failoverServices.count : config.virtualServices.count
            let at = config.service == .lvs ? sources.failovers[0].block.opening : sources.virtuals[0].block.opening
            d.warning(
                at,
                "\(unused): ignored: service = \(config.service.rawValue) runs only the \(config.service == .lvs ? "virtual" : "failover") blocks (\(count) \(unused) block\(count == 1 ? "" : "s") not used)"
            )
        }
        switch config.service {
        case .lvs:
            if hasFailover && !hasVirtual {
                d.error(global(.service), "service: lvs, but the file has only failover blocks (set service = fos)")
            } else if !config.virtualServices.contains(where: \.active) {
                d.warning(global(.service), "service: no active virtual service: pulse will not start")
            }
        case .fos:
            if hasVirtual && !hasFailover {
                d.error(global(.service), "service: fos, but the file has only virtual blocks (set service = lvs)")
            } else if !config.failoverServices.contains(where: \.active) {
                d.warning(global(.service), "service: no active failover service: pulse will not start")
            }
            let wire = config.heartbeat.wireProtocol
            if wire != .lvsrouter {
                d.error(
                    global(.heartbeatProtocol),
                    "heartbeat_protocol: \(wire.rawValue) cannot run failover services: a director stops them before its "
                        + "partner starts them, and \(wire == .piranha ? "Piranha's heartbeat" : "VRRP") cannot say "
                        + "\"handing over\" (use lvsrouter)")
            }
            for key in [ConfigKey.primaryShared, .backupShared, .reservationConflictAction] {
                if let at = sources.globals.location(of: key) {
                    d.warning(at, "\(key.name): ignored: shared SCSI reservations are not supported")
                }
            }
            if sources.globals.location(of: .warmStandby) != nil, config.warmStandby {
                d.warning(
                    global(.warmStandby),
                    "warm_standby: ignored with service = fos: a failover service runs only on the active director")
            }
        }
    }

    private func checkVirtualServices(_ d: inout DiagnosticCollector) {
        var identities: [VirtualServiceIdentity: Int] = [:]
        identities.reserveCapacity(config.virtualServices.count)
        for (index, service) in config.virtualServices.enumerated() {
            let source = sources.virtuals[index]
            let label = "virtual '\(service.name)'"
            if let vip = service.vip {
                if service.active, vip.address.isUnspecified || vip.address.isMulticast {
                    d.error(
                        source.block.locationOrOpening(of: .address),
                        "address: \(vip.address) is not a usable virtual address in active \(label)")
                }
                if let sorry = service.sorryServer, sorry.family != vip.address.family, config.network != .tunnel {
                    d.error(
                        source.block.locationOrOpening(of: .sorryServer),
                        "sorry_server: \(sorry.family) address for the \(vip.address.family) \(label); only network = tunnel can mix families"
                    )
                }
                if !vip.address.isUnspecified, let identity = service.identity {
                    if let first = identities[identity] {
                        let other = config.virtualServices[first]
                        let at = source.block.locationOrOpening(of: service.firewallMark != nil ? .fwmark : .address)
                        let message =
                            "\(service.firewallMark != nil ? "fwmark" : "address"): \(identity) is already defined by virtual '\(other.name)' on line \(sources.virtuals[first].block.opening.line)"
                        if service.active && other.active {
                            d.error(at, message)
                        } else {
                            d.warning(at, message + "; both cannot be active")
                        }
                    } else {
                        identities[identity] = index
                    }
                }
            } else if service.active {
                d.error(
                    source.block.opening, "virtual: active \(label) has no address (expected 'address = VIP DEVICE')")
            }
            checkTimes(service.check, source.block, label, &d)
            checkSchedulerFlags(service, source, &d)
            checkServers(service, source, label, &d)
            if service.check.useRegex, service.check.expect == nil {
                d.warning(source.block.locationOrOpening(of: .useRegex), "use_regex: set, but \(label) has no expect")
            }
            if service.check.sendProgram != nil, service.check.send != nil {
                d.warning(
                    source.block.locationOrOpening(of: .send), "send: ignored: send_program overrides it in \(label)")
            }
        }
    }

    private func checkServers(
        _ service: VirtualService, _ source: ServiceSource, _ label: String, _ d: inout DiagnosticCollector
    ) {
        var seen: [RealServerKey: Int] = [:]
        var activeCount = 0
        for (i, server) in service.servers.enumerated() {
            let s = source.servers[i]
            guard let address = server.address else {
                if server.active {
                    d.error(s.opening, "server: active server '\(server.name)' in \(label) has no address")
                }
                continue
            }
            if server.active {
                activeCount += 1
                if address.isUnspecified || address.isMulticast {
                    d.error(
                        s.locationOrOpening(of: .address),
                        "address: \(address) is not a usable real server address (server '\(server.name)' in \(label))")
                    continue
                }
                if let vip = service.vip, vip.address.family != address.family, config.network != .tunnel {
                    d.error(
                        s.locationOrOpening(of: .address),
                        "address: \(address.family) real server in the \(vip.address.family) \(label); only network = tunnel can mix families"
                    )
                }
            }
            if address.isUnspecified { continue }
            let key = RealServerKey(address: address, port: server.port)
            if let first = seen[key] {
                let other = service.servers[first]
                let message =
                    "address: \(address.bracketedDescription):\(server.port) is already used by server '\(other.name)' on line \(source.servers[first].opening.line) in \(label)"
                if server.active && other.active {
                    d.error(s.locationOrOpening(of: .address), message)
                } else {
                    d.warning(s.locationOrOpening(of: .address), message + "; both cannot be active")
                }
            } else {
                seen[key] = i
            }
        }
        if service.active, activeCount == 0 {
            let fallback = service.sorryServer.map { "; only the sorry server \($0) will answer" } ?? ""
            d.warning(source.block.opening, "virtual: active \(label) has no active real server\(fallback)")
        }
    }

    private func checkTimes(
        _ check: HealthCheckSettings, _ block: BlockSource, _ label: String, _ d: inout DiagnosticCollector
    ) {
        if check.reentry < check.timeout {
            d.warning(
                block.locationOrOpening(of: .reentry),
                "reentry: \(check.reentry.configText) s is shorter than timeout (\(check.timeout.configText) s): a failed server in \(label) is re-added after its first good check"
            )
        }
    }

    private func checkFailoverServices(_ d: inout DiagnosticCollector) {
        var endpoints: [String: String] = [:]
        for (index, service) in config.failoverServices.enumerated() {
            let source = sources.failovers[index]
            let label = "failover '\(service.name)'"
            for (key, text) in [(ConfigKey.startCmd, service.startCommand), (.stopCmd, service.stopCommand)] {
                guard let text, let at = source.block.location(of: key) else { continue }
                guard let words = CommandWords.split(text) else {
                    d.error(at, "\(key.name): empty in \(label)")
                    continue
                }
                let shell = CommandWords.shellSyntax(in: words)
                if !shell.isEmpty {
                    d.warning(
                        at,
                        "\(key.name): run without a shell, so \(shell.map { "'\($0)'" }.joined(separator: ", ")) "
                            + "reach\(shell.count == 1 ? "es" : "") \(words[0]) as plain arguments; put a pipeline in "
                            + "a script")
                }
            }
            if service.active, let vip = service.vip {
                let endpoint = "\(vip.address.bracketedDescription):\(service.port)"
                if let other = endpoints[endpoint] {
                    d.error(
                        source.block.locationOrOpening(of: .port),
                        "failover: \(label) watches \(endpoint) like active failover '\(other)'; each service needs "
                            + "its own address or port")
                } else {
                    endpoints[endpoint] = service.name
                }
            }
            if service.startCommand == nil {
                d.error(
                    source.block.opening,
                    "failover: \(label) has no start_cmd (a failover service needs start_cmd and stop_cmd)")
            }
            if service.stopCommand == nil {
                d.error(
                    source.block.opening,
                    "failover: \(label) has no stop_cmd (a failover service needs start_cmd and stop_cmd)")
            }
            if service.active {
                if let vip = service.vip {
                    if vip.address.isUnspecified || vip.address.isMulticast {
                        d.error(
                            source.block.locationOrOpening(of: .address),
                            "address: \(vip.address) is not a usable address in active \(label)")
                    }
                } else {
                    d.error(
                        source.block.opening,
                        "failover: active \(label) has no address (expected 'address = IP DEVICE')")
                }
            }
            checkTimes(service.check, source.block, label, &d)
        }
    }
}

/// A real server's identity within its service.
private struct RealServerKey: Hashable {
    var address: IPAddress
    var port: UInt16
}
