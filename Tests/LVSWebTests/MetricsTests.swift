import Control
import LVSWeb
import Testing

/// The Prometheus text format and what /metrics says about a director.
@Suite struct MetricsTests {
    @Test func theTextFormatEscapesAndFormats() {
        var text = PrometheusText()
        text.family(
            "lvs_test_total", .counter, help: "A help with \\ and\na newline.",
            [.init([("name", "a \"quoted\" \\ value\nnext")], 3), .init([("name", "b")], 0.25)])
        text.family("lvs_empty", .gauge, help: "Left out.", [])
        text.family("lvs_plain", .gauge, help: "No labels.", [.init(Double.nan), .init(.infinity), .init(-5)])
        #expect(
            text.text == """
                # HELP lvs_test_total A help with \\\\ and\\na newline.
                # TYPE lvs_test_total counter
                lvs_test_total{name="a \\"quoted\\" \\\\ value\\nnext"} 3
                lvs_test_total{name="b"} 0.25
                # HELP lvs_plain No labels.
                # TYPE lvs_plain gauge
                lvs_plain NaN
                lvs_plain +Inf
                lvs_plain -5

                """)
        #expect(PrometheusText.isValidName("lvsrouter_up"))
        #expect(!PrometheusText.isValidName("9lives"))
        #expect(!PrometheusText.isValidName("a-b"))
        #expect(!PrometheusText.isValidName(""))
    }

    static func report() -> DirectorReport {
        var pulse = PulseStatus(
            role: .primary, state: .active, peerState: .inactive,
            heartbeatPaths: [.init(name: "public", peerAddress: "192.0.2.2", lastHeartbeatAge: 0.1, received: 120)],
            virtualAddresses: ["192.0.2.10/24 on eth0:1"])
        pulse.failoverState = "active"
        pulse.table = .init(state: "ready", acceptsHandover: true)
        pulse.droppedHeartbeats = ["forged": 2]
        pulse.takeovers = 1
        pulse.handovers = 0
        pulse.configSerial = "0000002a"
        pulse.peerConfigSerial = "0000002b"
        pulse.address = "192.0.2.1"
        var server = RealServerStatus(
            name: "web\"1", address: "10.0.1.11", port: 80, health: .up, weight: 10, configuredWeight: 10,
            lastCheck: .init(passed: true, detail: "HTTP 200", at: 1))
        server.lastCheck?.duration = 0.0042
        server.activeConnections = 7
        server.inactiveConnections = 3
        server.traffic = TrafficStatistics(connections: 1000, incomingPackets: 5000, incomingBytes: 123_456)
        var service = VirtualServiceStatus(
            name: "www", protocolName: "tcp", address: "192.0.2.10", port: 80, scheduler: "wlc", realServers: [server])
        service.traffic = TrafficStatistics(connections: 1000, connectionsPerSecond: 12)
        return DirectorReport(pulse: pulse, lvsd: LVSDStatus(services: [service]))
    }

    @Test func aDirectorsMetrics() {
        let text = MetricsReport.text(Self.report())
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            "lvsrouter_director_active 1",
            "lvsrouter_director_state{state=\"active\"} 1",
            "lvsrouter_director_ready{table=\"ready\"} 1",
            "lvsrouter_failovers_total{direction=\"took_over\"} 1",
            "lvsrouter_failovers_total{direction=\"gave_up\"} 0",
            "lvsrouter_heartbeats_received_total{path=\"public\",peer=\"192.0.2.2\"} 120",
            "lvsrouter_heartbeats_dropped_total{reason=\"forged\"} 2",
            "lvsrouter_config_matches_peer 0",
            "lvsrouter_lvsd_up 1",
            "lvsrouter_virtual_service_connections_total{virtual=\"www\",protocol=\"tcp\",endpoint=\"192.0.2.10:80\"} 1000",
            "lvsrouter_real_server_up{virtual=\"www\",server=\"web\\\"1\",address=\"10.0.1.11:80\"} 1",
            "lvsrouter_real_server_active_connections{virtual=\"www\",server=\"web\\\"1\",address=\"10.0.1.11:80\"} 7",
            "lvsrouter_real_server_bytes_in_total{virtual=\"www\",server=\"web\\\"1\",address=\"10.0.1.11:80\"} 123456",
            "lvsrouter_real_server_check_duration_seconds{virtual=\"www\",server=\"web\\\"1\",address=\"10.0.1.11:80\"} 0.0042",
            "# TYPE lvsrouter_real_server_connections_total counter",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        // Every family has its HELP and TYPE once.
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
        #expect(Set(types).count == types.count)
        #expect(!text.contains("per_second"), "rates are Prometheus's to compute")
    }

    @Test func withoutLVSDOnlyTheDirectorIsReported() {
        var report = Self.report()
        report.lvsd = nil
        let text = MetricsReport.text(report)
        #expect(text.contains("lvsrouter_lvsd_up 0"))
        #expect(!text.contains("lvsrouter_real_server"))
    }
}
