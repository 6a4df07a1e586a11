/// The checks of `cluster_mode` and `scheduler_flags`.
extension LVSConfigValidator {
    /// The global keys of a pair of directors, which mean nothing when every director is active.
    static let pairOnlyKeys: [ConfigKey] = [
        .primary, .primaryPrivate, .primaryShared, .backup, .backupPrivate, .backupShared, .backupActive, .heartbeat,
        .heartbeatPort, .keepalive, .deadtime, .heartbeatProtocol, .heartbeatKeyFile, .vrrpID, .vrrpVersion,
        .vrrpPrimaryPriority, .vrrpBackupPriority, .vrrpAdvertInterval, .vrrpPreempt, .vrrpPreemptDelay,
        .vrrpUnicastPeers, .vrrpChecksum, .natRouter, .natNmask, .activeCmd, .inactiveCmd, .monitorLinks, .syncdaemon,
        .syncdIface, .syncdID, .warmStandby, .garpCount, .garpInterval, .reservationConflictAction,
    ]

    /// `cluster_mode = bgp` needs its directors, its AS and its routers, direct routing or
    /// tunnelling, and none of the keys of a pair; the BGP keys are refused in a pair.
    func checkCluster(_ d: inout DiagnosticCollector) {
        let cluster = config.cluster
        guard cluster.isActiveActive else {
            for key in ConfigKey.allCases where key.isClusterKey && key != .clusterMode {
                if let at = sources.globals.location(of: key) {
                    d.error(
                        at, "\(key.name): only used with cluster_mode = bgp (this file describes a pair of directors)")
                }
            }
            return
        }
        let mode = sources.globals.locationOrOpening(of: .clusterMode)
        for key in Self.pairOnlyKeys {
            if let at = sources.globals.location(of: key) {
                d.error(
                    at,
                    "\(key.name): has no meaning with cluster_mode = bgp: every director is active and the routers, not heartbeats, decide where traffic goes (remove the line)"
                )
            }
        }
        if config.service == .fos {
            d.error(
                global(.service),
                "service: fos cannot run with cluster_mode = bgp (failover services run on one director)")
        }
        if config.network == .nat {
            d.error(
                global(.network),
                "network: nat cannot be used with cluster_mode = bgp: a real server's replies go back through its one gateway, not the director that forwarded the request (use direct or tunnel)"
            )
        }
        if cluster.directors.isEmpty, !d.hasError(at: sources.globals.location(of: .clusterDirectors)) {
            d.error(
                mode,
                "cluster_directors: missing: list every director's own address (pulse finds its own among them)")
        }
        if cluster.localAS == nil, !d.hasError(at: sources.globals.location(of: .bgpLocalAS)) {
            d.error(mode, "bgp_local_as: missing: the directors' AS number is needed for BGP")
        }
        if cluster.neighbors.isEmpty, !d.hasError(at: sources.globals.location(of: .bgpNeighbors)) {
            d.error(mode, "bgp_neighbors: missing: name the routers and their AS numbers, such as 10.0.0.1 65000")
        }
        for neighbor in cluster.neighbors
        where !cluster.directors.isEmpty && !cluster.directors.contains(where: { $0.family == neighbor.address.family })
        {
            d.error(
                sources.globals.locationOrOpening(of: .bgpNeighbors),
                "bgp_neighbors: \(neighbor.address) is \(neighbor.address.family) but no director address in cluster_directors is; a session needs a local address of its family"
            )
        }
        for (index, service) in config.virtualServices.enumerated() where service.active {
            if service.scheduler != .mh, service.scheduler != .sh {
                d.warning(
                    sources.virtuals[index].block.locationOrOpening(of: .scheduler),
                    "scheduler: \(service.scheduler.rawValue) in virtual '\(service.name)' picks real servers on each director apart: a connection the routers move to another director (one died or was drained) may reach another real server and break; mh keeps it on its server"
                )
            }
        }
    }

    /// `scheduler_flags` named for one scheduler are refused with another.
    func checkSchedulerFlags(_ service: VirtualService, _ source: ServiceSource, _ d: inout DiagnosticCollector) {
        for flag in service.schedulerFlags {
            if let owner = flag.scheduler, owner != service.scheduler {
                d.error(
                    source.block.locationOrOpening(of: .schedulerFlags),
                    "scheduler_flags: \(flag.rawValue) is a flag of scheduler \(owner.rawValue), but virtual '\(service.name)' uses \(service.scheduler.rawValue)"
                )
            }
        }
    }
}
