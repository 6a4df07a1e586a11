import Control
import Hummingbird

/// CONTROL/MONITORING, its actions, and `/metrics`.
extension WebConsole {
    /// What an action does, in the confirmation's words.
    enum Action: String {
        case failover, takeover, reload, drain, enable

        func question(target: String) -> String {
            switch self {
            case .failover: "Give the virtual addresses to the peer director now?"
            case .takeover: "Take the virtual addresses from the peer director now?"
            case .reload: "Have pulse re-read lvs.cf (and lvsd apply it) now?"
            case .drain:
                "Drain real server \(target)? Its weight goes to 0 in every virtual service that has it: existing "
                    + "connections finish, new ones go elsewhere, until you enable it."
            case .enable: "Enable real server \(target) again (its nanny's weight comes back)?"
            }
        }
    }

    func addMonitorRoutes(_ router: Router<WebRequestContext>) {
        router.get("/") { [self] request, context in
            let view = MonitorView(csrf: csrf(context), now: now())
            let fragment: String
            do {
                fragment = view.fragment(try await reports.report())
            } catch {
                fragment = view.unavailable("\(error)")
            }
            let done = request.uri.queryParameters.get("done").flatMap(Self.doneMessage)
            var body = done.map { "<p class=\"notice\" id=\"notice\">\(HTML.escape($0))</p>" } ?? ""
            body += "<p class=\"facts\" id=\"updated\">live: updated every 2 s</p><div id=\"live\">\(fragment)</div>"
            return Self.html(layout(context).page("Control / Monitoring", panel: .monitoring, body: body, script: true))
        }
        router.get("/monitor/live") { [self] _, context in
            let view = MonitorView(csrf: csrf(context), now: now())
            do {
                return Self.html(view.fragment(try await reports.report()))
            } catch {
                return Self.html(view.unavailable("\(error)"))
            }
        }
        router.post("/action") { [self] _, context in try await action(context) }
    }

    static func doneMessage(_ code: String) -> String? {
        switch code {
        case "failover": "Failover requested: the peer takes the virtual addresses."
        case "takeover": "Takeover requested: this director takes the virtual addresses."
        case "reload": "pulse re-reads lvs.cf."
        case "drain": "Real server drained."
        case "enable": "Real server enabled."
        default: nil
        }
    }

    private func action(_ context: WebRequestContext) async throws -> Response {
        var name = context.form["action"]
        var target = context.form["target"] ?? ""
        // The table's buttons: name drain or enable, value the server.
        for button in ["drain", "enable"] {
            if let server = context.form[button] {
                name = button
                target = server
            }
        }
        guard let action = name.flatMap(Action.init(rawValue:)) else {
            return Self.html(
                layout(context).page(
                    "Unknown action", panel: .monitoring,
                    body: "<p class=\"error\">"
                        + "The form asked for no action this tool knows.</p>"), status: .badRequest)
        }
        var selector: RealServerSelector?
        if action == .drain || action == .enable {
            guard let parsed = RealServerSelector(target) else {
                return Self.html(
                    layout(context).page(
                        "Bad real server", panel: .monitoring,
                        body: "<p class=\"error\">\(HTML.escape("\"\(target)\" is not ADDRESS or ADDRESS:PORT"))</p>"),
                    status: .badRequest)
            }
            selector = parsed
        }
        guard context.form["confirm"] == "yes" else {
            var fields = [("action", action.rawValue)]
            if !target.isEmpty { fields.append(("target", target)) }
            return confirmation(
                action.question(target: target), action: "/action", fields: fields, cancel: "/", panel: .monitoring,
                context)
        }
        let what = target.isEmpty ? action.rawValue : "\(action.rawValue) \(target)"
        logger.notice("\(context.user) from \(context.client) requests \(what)")
        do {
            switch action {
            case .failover: try await gateway.send(PulseRequest.failover)
            case .takeover: try await gateway.send(PulseRequest.takeover)
            case .reload: try await gateway.send(PulseRequest.reload)
            case .drain: try await gateway.send(LVSDRequest.drain(selector!))
            case .enable: try await gateway.send(LVSDRequest.enable(selector!))
            }
            // The next page shows what the action changed, not a report from before it.
            await reports.invalidate()
        } catch {
            logger.warning("\(what) requested by \(context.user) failed: \(error)")
            let body =
                "<p class=\"error\" id=\"action-error\">\(HTML.escape("\(what): \(error)"))</p><p><a href=\"/\">Back</a></p>"
            return Self.html(layout(context).page("Not done", panel: .monitoring, body: body), status: .conflict)
        }
        return Self.redirect("/?done=\(action.rawValue)")
    }

    func metrics() async throws -> Response {
        let exposition: [UInt8]
        do {
            exposition = try await reports.exposition()
        } catch {
            // Scrapers see the failure as a scrape error, and the reason in the body.
            return Self.respond(
                "pulse does not answer: \(error)\n", type: "text/plain; charset=utf-8",
                status: .serviceUnavailable)
        }
        return Response(
            status: .ok, headers: [.contentType: PrometheusText.contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: exposition)))
    }
}
