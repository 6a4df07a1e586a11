import Control
import FoundationEssentials

/// CONTROL/MONITORING: both directors and this director's table, as the live part of the first
/// page (fetched again every 2 seconds by live.js, so the page never reloads whole), with the
/// actions beside what they act on.
public struct MonitorView: Sendable {
    /// The session's CSRF token, for the action forms.
    public var csrf: String
    /// The time the page is made, seconds since the Unix epoch (for "since" columns).
    public var now: Double

    /// A view for a session.
    public init(csrf: String, now: Double) {
        self.csrf = csrf
        self.now = now
    }

    /// The live fragment for a report.
    public func fragment(_ report: DirectorReport) -> String {
        var html = directors(report.pulse)
        html += services(report)
        return html
    }

    /// The fragment when pulse does not answer.
    public func unavailable(_ error: String) -> String {
        "<p class=\"error\" id=\"pulse-error\">pulse does not answer: \(HTML.escape(error))</p>"
    }

    private func directors(_ pulse: PulseStatus) -> String {
        var html = "<h2>Directors</h2><table id=\"directors\"><thead><tr><th></th><th>Address</th><th>Role</th>"
        html += "<th>State</th><th>Table</th><th>Virtual addresses</th></tr></thead><tbody>"
        let state = pulse.failoverState ?? pulse.state.rawValue
        html += "<tr id=\"director-local\" data-state=\"\(HTML.escape(pulse.state.rawValue))\"><th>this director</th>"
        html += cell(pulse.address ?? "-") + cell(pulse.role.rawValue) + "<td class=\"state-\(pulse.state.rawValue)\">"
        html += HTML.escape(state) + "</td>" + cell(pulse.table?.text ?? "-")
        html += cell(pulse.virtualAddresses.isEmpty ? "none" : pulse.virtualAddresses.joined(separator: ", ")) + "</tr>"
        if let peer = pulse.peerAddress {
            let peerHolds = pulse.peerState == .active ? "the virtual addresses" : "none"
            html += "<tr id=\"director-peer\" data-state=\"\(HTML.escape(pulse.peerState.rawValue))\"><th>peer</th>"
            html += cell(peer) + cell(pulse.peerRole.rawValue) + "<td class=\"state-\(pulse.peerState.rawValue)\">"
            html += HTML.escape(pulse.peerStateText) + "</td>"
            html += cell(pulse.peerState == .dead ? "-" : pulse.peerTable?.text ?? "-") + cell(peerHolds) + "</tr>"
        } else {
            html +=
                "<tr id=\"director-peer\"><th>peer</th><td colspan=\"5\">none configured (backup_active = 0)</td></tr>"
        }
        html += "</tbody></table>"

        var facts: [String] = []
        let paths = pulse.heartbeatPaths.map { path in
            let age = path.lastHeartbeatAge.map { "\(Self.seconds($0)) ago" } ?? "never"
            return "\(path.name) path from \(path.peerAddress): \(age)\(path.received.map { ", \($0) received" } ?? "")"
        }
        if !paths.isEmpty { facts.append("Last heartbeat: " + paths.joined(separator: "; ")) }
        if let keepalive = pulse.keepalive, let deadtime = pulse.deadtime {
            facts.append("keepalive \(Self.seconds(keepalive)), deadtime \(Self.seconds(deadtime))")
        }
        if let vrrp = pulse.vrrp { facts.append(vrrp.text) }
        if let dropped = pulse.droppedHeartbeatsText {
            facts.append(
                "\(pulse.vrrp == nil ? "Dropped heartbeats" : "VRRP packets dropped or mismatched"): \(dropped)")
        }
        if let lvsd = pulse.lvsd { facts.append("lvsd: \(lvsd.text)") }
        html += "<ul class=\"facts\">" + facts.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        var warnings: [String] = []
        if let pending = pulse.pendingHandover { warnings.append("\(pending); handing over once the peer is ready") }
        if let faults = pulse.faults, !faults.isEmpty { warnings.append("Faults: " + faults.joined(separator: "; ")) }
        for warning in warnings { html += "<p class=\"warning\">\(HTML.escape(warning))</p>" }
        if let mismatch = pulse.configMismatch {
            let text =
                "The peer runs a different lvs.cf (fingerprint \(mismatch.peer), here \(mismatch.here)): a failover may "
                + "not do what you expect. Send this director's file from the lvs.cf and peer page."
            html += "<p class=\"warning\" id=\"config-differs\">\(HTML.escape(text))</p>"
        }

        html += "<div class=\"actions\">"
        if pulse.state == .active {
            html += HTML.postButton(
                "Fail over to the peer", action: "/action", fields: [("action", "failover")], csrf: csrf, id: "failover"
            )
        } else {
            html += HTML.postButton(
                "Take over", action: "/action", fields: [("action", "takeover")], csrf: csrf, id: "takeover")
        }
        html += HTML.postButton(
            "Reload lvs.cf", action: "/action", fields: [("action", "reload")], csrf: csrf, id: "reload")
        html += "</div>"
        return html
    }

    private func services(_ report: DirectorReport) -> String {
        guard let lvsd = report.lvsd else {
            return
                "<h2>Virtual services</h2><p id=\"services-note\">\(HTML.escape(report.lvsdNote ?? "lvsd did not answer"))</p>"
        }
        var html = "<h2>Virtual services in this director's table</h2>"
        if lvsd.services.isEmpty { return html + "<p>none</p>" }
        html += "<form method=\"post\" action=\"/action\" id=\"server-actions\">\(HTML.csrfField(csrf))"
        html += "<table id=\"services\"><thead><tr><th>Server</th><th>Address</th><th>Health</th><th>Weight</th>"
        html +=
            "<th>Active</th><th>Inactive</th><th>Conn/s</th><th>In B/s</th><th>Last check</th><th></th></tr></thead>"
        for service in lvsd.services {
            let endpoint = service.endpoint
            var title = "\(service.name) · \(endpoint) · \(service.scheduler)"
            if service.sorryServerActive { title += " · sorry server answering" }
            if let traffic = service.traffic { title += " · \(traffic.connectionsPerSecond) conn/s" }
            html += "<tbody data-virtual=\"\(HTML.escape(service.name))\"><tr class=\"service\"><th colspan=\"10\">"
            html += HTML.escape(title) + "</th></tr>"
            for server in service.realServers {
                var health = server.health.rawValue
                if server.drainedByHand { health += ", drained" }
                if server.override != .none { health += ", \(server.override.rawValue)" }
                if let since = server.since { health += " for \(Self.seconds(max(0, now - since)))" }
                let weight =
                    server.weight == server.configuredWeight
                    ? "\(server.weight)" : "\(server.weight) (lvs.cf: \(server.configuredWeight))"
                let check =
                    server.lastCheck.map { check in
                        let took = check.duration.map { " in \(Self.milliseconds($0))" } ?? ""
                        return "\(check.passed ? "passed" : "failed")\(took): \(check.detail)"
                    } ?? "none yet"
                let key = "\(service.name)/\(server.name)"
                let address =
                    "\(server.address.utf8.contains(0x3A) ? "[\(server.address)]" : server.address):\(server.port)"
                html +=
                    "<tr class=\"server\" data-server=\"\(HTML.escape(key))\" data-health=\"\(server.health.rawValue)\""
                html += " data-drained=\"\(server.drainedByHand ? 1 : 0)\" data-weight=\"\(server.weight)\">"
                html += cell(server.name) + cell(address) + "<td class=\"health-\(server.health.rawValue)\">"
                html += HTML.escape(health) + "</td>" + cell(weight)
                html += cell(server.activeConnections.map(String.init) ?? "-")
                html += cell(server.inactiveConnections.map(String.init) ?? "-")
                html += cell(server.traffic.map { "\($0.connectionsPerSecond)" } ?? "-")
                html += cell(server.traffic.map { "\($0.incomingBytesPerSecond)" } ?? "-")
                html += "<td class=\"check\">\(HTML.escape(check))</td><td>"
                // One form for the table (its token once, not per row); the button names the
                // action and the server. lvsd drains by address and port: the server in every
                // service that has it.
                let (label, action) = server.drainedByHand ? ("Enable", "enable") : ("Drain", "drain")
                html +=
                    "<button type=\"submit\" class=\"button small\" name=\"\(action)\" value=\"\(HTML.escape(address))\">"
                html += "\(label)</button>"
                html += "</td></tr>"
            }
            html += "</tbody>"
        }
        return html + "</table></form>"
    }

    private func cell(_ text: String) -> String { "<td>\(HTML.escape(text))</td>" }

    static func seconds(_ value: Double) -> String {
        if value >= 3600 { return "\(Int(value / 3600))h\(Int(value.truncatingRemainder(dividingBy: 3600) / 60))m" }
        if value >= 60 { return "\(Int(value / 60))m\(Int(value.truncatingRemainder(dividingBy: 60)))s" }
        return value < 10 ? "\(Double(Int(value * 10)) / 10) s" : "\(Int(value)) s"
    }

    static func milliseconds(_ value: Double) -> String { "\(Int((value * 1000).rounded())) ms" }
}
