import Control

/// `/metrics`: what pulse and lvsd report, as Prometheus families. Every family starts with
/// `lvsrouter_`; counters come from the daemons (they reset when a daemon restarts), the rest are
/// gauges of the moment of the scrape.
public enum MetricsReport {
    /// The exposition for a report as text.
    public static func text(_ report: DirectorReport) -> String { exposition(report).text }

    /// The exposition for a report; `lvsd` may be absent (an inactive director in cold standby).
    /// Rates are left to Prometheus (`rate()` over the counters); IPVS's own 2-second estimates are
    /// on the monitoring page.
    public static func exposition(_ report: DirectorReport) -> PrometheusText {
        var out = PrometheusText()
        director(report.pulse, into: &out)
        if let lvsd = report.lvsd { services(lvsd, into: &out) }
        out.family(
            "lvsrouter_lvsd_up", .gauge, help: "Whether lvsd answered its control socket.",
            [.init(report.lvsd == nil ? 0 : 1)])
        return out
    }

    private static func director(_ pulse: PulseStatus, into out: inout PrometheusText) {
        out.family(
            "lvsrouter_director_info", .gauge, help: "This director's role and address (always 1).",
            [.init([("role", pulse.role.rawValue), ("address", pulse.address ?? "")], 1)])
        out.family(
            "lvsrouter_director_active", .gauge, help: "Whether this director holds the virtual addresses.",
            [.init(pulse.state == .active ? 1 : 0)])
        if let state = pulse.failoverState {
            out.family(
                "lvsrouter_director_state", .gauge, help: "This director's failover state (1 for the current one).",
                [.init([("state", state)], 1)])
        }
        if let table = pulse.table {
            out.family(
                "lvsrouter_director_ready", .gauge,
                help: "Whether this director's IPVS table is ready to serve (every real server checked).",
                [.init([("table", table.state)], table.state == "ready" ? 1 : 0)])
        }
        out.family(
            "lvsrouter_peer_alive", .gauge, help: "Whether the peer director is heard within deadtime.",
            [.init([("state", pulse.peerState.rawValue)], pulse.peerState == .dead ? 0 : 1)])
        if let takeovers = pulse.takeovers, let handovers = pulse.handovers {
            out.family(
                "lvsrouter_failovers_total", .counter,
                help: "Times this director took the virtual addresses, or gave them up, since pulse started.",
                [
                    .init([("direction", "took_over")], Double(takeovers)),
                    .init([("direction", "gave_up")], Double(handovers)),
                ])
        }
        out.family(
            "lvsrouter_heartbeats_received_total", .counter, help: "Valid heartbeats received, per path.",
            pulse.heartbeatPaths.compactMap { path in
                path.received.map { .init([("path", path.name), ("peer", path.peerAddress)], Double($0)) }
            })
        out.family(
            "lvsrouter_heartbeat_age_seconds", .gauge, help: "Seconds since the last valid heartbeat, per path.",
            pulse.heartbeatPaths.compactMap { path in
                path.lastHeartbeatAge.map { .init([("path", path.name), ("peer", path.peerAddress)], $0) }
            })
        out.family(
            "lvsrouter_heartbeats_dropped_total", .counter, help: "Heartbeats dropped, by reason.",
            (pulse.droppedHeartbeats ?? [:]).sorted { $0.key < $1.key }.map {
                .init([("reason", $0.key)], Double($0.value))
            }
        )
        out.family(
            "lvsrouter_virtual_addresses_held", .gauge, help: "Virtual addresses this director holds now.",
            [.init(Double(pulse.virtualAddresses.count))])
        if let ours = pulse.configSerial, let theirs = pulse.peerConfigSerial {
            out.family(
                "lvsrouter_config_matches_peer", .gauge,
                help: "Whether the peer's lvs.cf fingerprint equals this director's.", [.init(ours == theirs ? 1 : 0)])
        }
    }

    private static func services(_ lvsd: LVSDStatus, into out: inout PrometheusText) {
        typealias Sample = PrometheusText.Sample
        var serviceSamples: [String: [Sample]] = [:]
        var serverSamples: [String: [Sample]] = [:]
        func add(_ table: inout [String: [Sample]], _ name: String, _ labels: [(String, String)], _ value: Double) {
            table[name, default: []].append(Sample(labels, value))
        }
        for service in lvsd.services {
            let labels = [
                ("virtual", service.name), ("protocol", service.protocolName), ("endpoint", endpoint(service)),
            ]
            add(&serviceSamples, "sorry_server_active", labels, service.sorryServerActive ? 1 : 0)
            if let traffic = service.traffic { addTraffic(traffic, labels, &serviceSamples) }
            for server in service.realServers {
                let serverLabels = [
                    ("virtual", service.name), ("server", server.name), ("address", "\(server.address):\(server.port)"),
                ]
                add(&serverSamples, "up", serverLabels, server.health == .up ? 1 : 0)
                add(&serverSamples, "weight", serverLabels, Double(server.weight))
                add(&serverSamples, "configured_weight", serverLabels, Double(server.configuredWeight))
                add(&serverSamples, "drained", serverLabels, server.drainedByHand ? 1 : 0)
                if let active = server.activeConnections {
                    add(&serverSamples, "active_connections", serverLabels, Double(active))
                }
                if let inactive = server.inactiveConnections {
                    add(&serverSamples, "inactive_connections", serverLabels, Double(inactive))
                }
                if let traffic = server.traffic { addTraffic(traffic, serverLabels, &serverSamples) }
                if let check = server.lastCheck {
                    add(&serverSamples, "check_passed", serverLabels, check.passed ? 1 : 0)
                    if let duration = check.duration {
                        add(&serverSamples, "check_duration_seconds", serverLabels, duration)
                    }
                }
            }
        }
        for (suffix, kind, help) in serviceFamilies {
            out.family("lvsrouter_virtual_service_\(suffix)", kind, help: help, serviceSamples[suffix] ?? [])
        }
        for (suffix, kind, help) in serverFamilies {
            out.family("lvsrouter_real_server_\(suffix)", kind, help: help, serverSamples[suffix] ?? [])
        }
    }

    private static func addTraffic(
        _ traffic: TrafficStatistics, _ labels: [(String, String)], _ table: inout [String: [PrometheusText.Sample]]
    ) {
        let values: [(String, UInt64)] = [
            ("connections_total", traffic.connections), ("packets_in_total", traffic.incomingPackets),
            ("packets_out_total", traffic.outgoingPackets), ("bytes_in_total", traffic.incomingBytes),
            ("bytes_out_total", traffic.outgoingBytes),
        ]
        for (name, value) in values { table[name, default: []].append(.init(labels, Double(value))) }
    }

    private static func endpoint(_ service: VirtualServiceStatus) -> String {
        if let mark = service.firewallMark { return "fwmark:\(mark)" }
        let address = service.address ?? ""
        return address.utf8.contains(0x3A) ? "[\(address)]:\(service.port ?? 0)" : "\(address):\(service.port ?? 0)"
    }

    private static let trafficFamilies: [(String, PrometheusText.Kind, String)] = [
        ("connections_total", .counter, "Connections IPVS scheduled."),
        ("packets_in_total", .counter, "Packets from clients."),
        ("packets_out_total", .counter, "Packets to clients (NAT only)."),
        ("bytes_in_total", .counter, "Bytes from clients."),
        ("bytes_out_total", .counter, "Bytes to clients (NAT only)."),
    ]

    private static let serviceFamilies: [(String, PrometheusText.Kind, String)] =
        [("sorry_server_active", .gauge, "Whether the sorry server is in the table (no real server up).")]
        + trafficFamilies

    private static let serverFamilies: [(String, PrometheusText.Kind, String)] =
        [
            ("up", .gauge, "Whether the real server is up (its nanny's verdict)."),
            ("weight", .gauge, "The weight in the IPVS table now."),
            ("configured_weight", .gauge, "The weight in lvs.cf."),
            ("drained", .gauge, "Whether the server is drained by hand (lvsctl drain)."),
            ("active_connections", .gauge, "Established connections IPVS counts to the server."),
            ("inactive_connections", .gauge, "Other connections IPVS counts to the server."),
            ("check_passed", .gauge, "Whether the last health check passed."),
            ("check_duration_seconds", .gauge, "How long the last health check took."),
        ] + trafficFamilies
}
