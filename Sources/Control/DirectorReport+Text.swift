extension DirectorReport {
    /// The report for people: both directors (with their tables' readiness), then every service
    /// and real server of this director's table.
    public var text: [String] {
        var lines: [String] = []
        if let cluster = pulse.cluster { return clusterText(cluster) + servicesText() }
        var directors = TextTable()
        let role = pulse.role.rawValue
        let state = pulse.failoverState ?? pulse.state.rawValue
        directors.add(["this director", pulse.address ?? "-", role, state, Self.tableText(pulse.table)])
        if let peer = pulse.peerAddress {
            let table = pulse.peerState == .dead ? "" : Self.tableText(pulse.peerTable)
            directors.add(["peer", peer, pulse.peerRole.rawValue, pulse.peerStateText, table])
        } else {
            directors.add(["peer", "-", "-", "none configured (backup_active = 0)"])
        }
        lines += directors.lines()
        lines.append(
            "  VIPs held here: \(pulse.virtualAddresses.isEmpty ? "none" : pulse.virtualAddresses.joined(separator: ", "))"
        )
        if !pulse.heartbeatPaths.isEmpty {
            let paths = pulse.heartbeatPaths.map { path in
                "\(path.name) \(path.lastHeartbeatAge.map { "\(Self.seconds($0)) ago" } ?? "never") from \(path.peerAddress)"
            }
            lines.append("  last heartbeat: \(paths.joined(separator: ", "))")
        }
        if let vrrp = pulse.vrrp { lines.append("  \(vrrp.text)") }
        if let keepalive = pulse.keepalive, let deadtime = pulse.deadtime {
            lines.append("  keepalive \(Self.seconds(keepalive)), deadtime \(Self.seconds(deadtime))")
        }
        if let pending = pulse.pendingHandover {
            lines.append("  WARNING: \(pending); handing the VIPs over as soon as the peer's table is ready")
        }
        if let faults = pulse.faults, !faults.isEmpty {
            lines.append("  faults: \(faults.joined(separator: "; "))")
        }
        if let dropped = pulse.droppedHeartbeatsText {
            let what = pulse.vrrp == nil ? "dropped heartbeats" : "VRRP packets dropped or mismatched"
            lines.append("  \(what): \(dropped)")
        }
        if let mismatch = pulse.configMismatch {
            lines.append(
                "  WARNING: the peer runs a different lvs.cf (fingerprint \(mismatch.peer), here \(mismatch.here))")
        }
        if let lvsdProcess = pulse.lvsd { lines.append("  lvsd: \(lvsdProcess.text)") }
        return lines + servicesText()
    }

    /// A cluster director (`cluster_mode = bgp`): itself, what it announces and why, BIRD's sessions.
    func clusterText(_ cluster: ClusterStatus) -> [String] {
        var lines: [String] = []
        var director = TextTable()
        director.add([
            "this director", pulse.address ?? "-", "cluster (bgp)", cluster.drained ? "drained" : "serving",
            Self.tableText(pulse.table),
        ])
        lines += director.lines()
        var vips = TextTable()
        for vip in cluster.vips {
            let servers = vip.realServers.map { "\($0) real server\($0 == 1 ? "" : "s") up" } ?? ""
            vips.add([vip.address, vip.announced ? "announced" : "withdrawn: \(vip.reason ?? "")", servers])
        }
        lines.append("  VIPs (to the routers through BIRD, \(cluster.birdSocket)):")
        lines += vips.lines(indent: "    ")
        if let sessions = cluster.sessions {
            var table = TextTable()
            for session in sessions {
                table.add([session.name, "router \(session.router)", session.state, session.info])
            }
            lines.append("  BGP sessions:")
            lines += table.lines(indent: "    ")
        }
        if let error = cluster.birdError { lines.append("  WARNING: BIRD: \(error)") }
        if let lvsdProcess = pulse.lvsd { lines.append("  lvsd: \(lvsdProcess.text)") }
        return lines
    }

    /// This director's table: every service and real server.
    func servicesText() -> [String] {
        var lines = [""]
        guard let lvsd else {
            lines.append("Virtual services: \(lvsdNote ?? "lvsd did not answer")")
            return lines
        }
        if lvsd.services.isEmpty {
            lines.append("Virtual services: none")
            return lines
        }
        lines.append("Virtual services in this director's table")
        for service in lvsd.services {
            let endpoint = service.endpoint
            let sorry = service.sorryServerActive ? "  (sorry server answering)" : ""
            lines.append("  \(service.name)  \(endpoint)  \(service.scheduler)\(sorry)")
            var servers = TextTable()
            for server in service.realServers {
                var state = server.health.rawValue
                if server.drainedByHand { state += ", drained" }
                if server.override != .none { state += ", \(server.override.rawValue)" }
                let check = server.lastCheck.map { "last check \($0.passed ? "passed" : "failed"): \($0.detail)" } ?? ""
                servers.add([
                    server.name,
                    "\(server.address.utf8.contains(0x3A) ? "[\(server.address)]" : server.address):\(server.port)",
                    state, "weight \(server.weight)/\(server.configuredWeight)", check,
                ])
            }
            lines += service.realServers.isEmpty ? ["    no real servers"] : servers.lines(indent: "    ")
        }
        return lines
    }

    /// `table ready`, `table checking (…)`; nothing when there is no table to speak of (a pulse
    /// that runs no lvsd, or an older one).
    static func tableText(_ table: PulseStatus.Table?) -> String {
        guard let table, table.state != "unreported" else { return "" }
        return "table " + table.text
    }

    /// `0.25 s`, `12 s`.
    static func seconds(_ value: Double) -> String {
        if value >= 10 { return "\(Int(value.rounded())) s" }
        let hundredths = (value * 100).rounded() / 100
        return "\(hundredths) s"
    }
}
