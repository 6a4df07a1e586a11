import Control
import Hummingbird
import LVSConfig
import NIOPosix

/// GLOBAL SETTINGS, REDUNDANCY, VIRTUAL SERVERS (with their real servers and checks), and the
/// file itself: its diagnostics, the revert, the comparison with the peer and the sync.
extension WebConsole {
    /// A configuration form: its panel, title, block and field groups.
    struct FormTarget {
        var panel: PageLayout.Panel
        var title: String
        var block: LVSConfigBlockPath?
        var groups: [ConfigPages.Group]
        var action: String
        var hidden: [(String, String)]
    }

    func addConfigRoutes(_ router: Router<WebRequestContext>) {
        let global = FormTarget(
            panel: .global, title: "Global settings", block: nil,
            groups: [ConfigPages.Group("Global settings", ConfigFieldCatalog.global)], action: "/config/global",
            hidden: [])
        let redundancy = FormTarget(
            panel: .redundancy, title: "Redundancy", block: nil,
            groups: [ConfigPages.Group("Redundancy", ConfigFieldCatalog.redundancy)], action: "/config/redundancy",
            hidden: [])
        router.get("/config/global") { [self] _, context in try showForm(global, context) }
        router.post("/config/global") { [self] _, context in try saveForm(global, context) }
        router.get("/config/redundancy") { [self] _, context in try showForm(redundancy, context) }
        router.post("/config/redundancy") { [self] _, context in try saveForm(redundancy, context) }
        router.get("/config/virtual-servers") { [self] _, context in
            let document = try loadOrFail()
            let body = ConfigPages(csrf: csrf(context)).blockList(document)
            return Self.html(layout(context).page("Virtual servers", panel: .virtualServers, body: body))
        }
        router.get("/config/block") { [self] request, context in
            let query = FormFields(request.uri.query ?? "")
            return try showForm(try blockTarget(query), context)
        }
        router.post("/config/block") { [self] _, context in
            try saveForm(try blockTarget(context.form), context)
        }
        router.post("/config/add") { [self] _, context in try addBlock(context) }
        router.post("/config/delete") { [self] _, context in try deleteBlock(context) }
        router.get("/config/file") { [self] _, context in try await filePage(context, notice: nil) }
        router.post("/config/revert") { [self] _, context in try await revert(context) }
        router.post("/config/sync") { [self] _, context in try await sync(context) }
    }

    private func loadOrFail() throws -> LVSConfigDocument {
        do {
            return try store.load()
        } catch {
            throw HTTPError(.internalServerError, message: "\(error)")
        }
    }

    private func blockTarget(_ fields: FormFields) throws -> FormTarget {
        if let virtual = fields["virtual"], let server = fields["server"] {
            let block = LVSConfigBlockPath.server(server, virtual: virtual)
            return FormTarget(
                panel: .virtualServers, title: "Real server \(server) of \(virtual)", block: block,
                groups: [ConfigPages.Group("Real server", ConfigFieldCatalog.server)], action: "/config/block",
                hidden: [("virtual", virtual), ("server", server)])
        }
        let service: (block: LVSConfigBlockPath, section: LVSConfigSection, title: String, field: String, name: String)
        if let virtual = fields["virtual"] {
            service = (.virtual(virtual), .virtual, "Virtual server", "virtual", virtual)
        } else if let failover = fields["failover"] {
            service = (.failover(failover), .failover, "Failover service", "failover", failover)
        } else {
            throw HTTPError(
                .badRequest, message: "name a block: virtual=NAME, virtual=NAME&server=NAME or failover=NAME")
        }
        return FormTarget(
            panel: .virtualServers, title: "\(service.title) \(service.name)", block: service.block,
            groups: [
                ConfigPages.Group(service.title, ConfigFieldCatalog.service(service.section)),
                ConfigPages.Group("Monitoring (health check)", ConfigFieldCatalog.check(service.section)),
            ], action: "/config/block", hidden: [(service.field, service.name)])
    }

    private func showForm(_ target: FormTarget, _ context: WebRequestContext, notice: String = "") throws -> Response {
        let document = try loadOrFail()
        if let block = target.block, !document.contains(block) {
            throw HTTPError(.notFound, message: "lvs.cf has no \(block)")
        }
        var body = notice
        if let problem = store.permissionProblem() { body += "<p class=\"warning\">\(HTML.escape(problem))</p>" }
        body += ConfigPages(csrf: csrf(context)).form(
            groups: target.groups, block: target.block, document: document, action: target.action,
            hidden: target.hidden)
        return Self.html(layout(context).page(target.title, panel: target.panel, body: body))
    }

    private func saveForm(_ target: FormTarget, _ context: WebRequestContext) throws -> Response {
        let document = try loadOrFail()
        if let block = target.block, !document.contains(block) {
            throw HTTPError(.notFound, message: "lvs.cf has no \(block)")
        }
        let fields = target.groups.flatMap(\.fields)
        let edit = ConfigEdit(context.form.values, fields: fields, block: target.block, to: document, file: store.path)
        let pages = ConfigPages(csrf: csrf(context))
        var body: String
        var status = HTTPResponse.Status.ok
        var shownDocument = document
        var submitted: [String: String]? = nil
        if edit.hasErrors {
            status = .unprocessableContent
            submitted = context.form.values
            body =
                "<p class=\"error\" id=\"not-saved\">Not saved: the file would have errors (shown beside their "
                + "fields). lvs.cf is unchanged.</p>"
        } else if edit.changedKeys.isEmpty {
            body = "<p class=\"notice\" id=\"saved\">Nothing changed.</p>"
        } else {
            do {
                _ = try store.save(edit.document)
            } catch {
                let text = "Not saved: \(error)"
                body = "<p class=\"error\" id=\"not-saved\">\(HTML.escape(text))</p>"
                return Self.html(layout(context).page(target.title, panel: target.panel, body: body), status: .conflict)
            }
            shownDocument = edit.document
            let place = target.block?.description ?? "the global settings"
            logger.notice(
                "\(context.user) from \(context.client) changed \(edit.changedKeys.joined(separator: ", ")) in \(place) of \(store.path)"
            )
            body =
                "<div class=\"notice\" id=\"saved\">Saved lvs.cf: changed \(HTML.escape(edit.changedKeys.joined(separator: ", "))). "
                + "The previous version is kept (revert on the lvs.cf page). Reload to apply: "
                + HTML.postButton(
                    "Reload now", action: "/action", fields: [("action", "reload")], csrf: csrf(context),
                    id: "reload-after-save")
                + "</div>"
        }
        body += pages.otherProblems(edit.otherProblems)
        body += pages.form(
            groups: target.groups, block: target.block, document: shownDocument, action: target.action,
            hidden: target.hidden, submitted: submitted, edit: edit)
        return Self.html(layout(context).page(target.title, panel: target.panel, body: body), status: status)
    }

    /// The block the add and delete forms name: `kind`, `name` and, for a server, `virtual`.
    private func namedBlock(_ form: FormFields) throws -> LVSConfigBlockPath {
        let name = ConfigEdit.trimmed(form["name"] ?? "")
        switch form["kind"] {
        case "virtual": return .virtual(name)
        case "failover": return .failover(name)
        case "server": return .server(name, virtual: ConfigEdit.trimmed(form["virtual"] ?? ""))
        default:
            throw HTTPError(
                .badRequest, message: "kind must be virtual, server or failover, not \"\(form["kind"] ?? "")\"")
        }
    }

    private func addBlock(_ context: WebRequestContext) throws -> Response {
        let block = try namedBlock(context.form)
        var document = try loadOrFail()
        do {
            // New blocks start inactive, so that adding one never changes what is served.
            try document.addBlock(block, settings: [("active", "0")])
            _ = try store.save(document)
        } catch {
            return try blockListRefusal("Not added: \(error)", context)
        }
        logger.notice("\(context.user) from \(context.client) added \(block) to \(store.path)")
        let query: String =
            switch block {
            case .virtual(let v): "virtual=\(ConfigPages.query(v))"
            case .failover(let f): "failover=\(ConfigPages.query(f))"
            case .server(let s, let v): "virtual=\(ConfigPages.query(v))&server=\(ConfigPages.query(s))"
            }
        return Self.redirect("/config/block?\(query)")
    }

    private func deleteBlock(_ context: WebRequestContext) throws -> Response {
        let block = try namedBlock(context.form)
        guard context.form["confirm"] == "yes" else {
            let fields = ["kind", "name", "virtual"].compactMap { key in context.form[key].map { (key, $0) } }
            return confirmation(
                "Delete \(block) from lvs.cf?", action: "/config/delete", fields: fields,
                cancel: "/config/virtual-servers", panel: .virtualServers, context)
        }
        var document = try loadOrFail()
        do {
            try document.removeBlock(block)
            _ = try store.save(document)
        } catch {
            return try blockListRefusal("Not deleted: \(error)", context)
        }
        logger.notice("\(context.user) from \(context.client) deleted \(block) from \(store.path)")
        return Self.redirect("/config/virtual-servers")
    }

    /// The VIRTUAL SERVERS list with why a change was refused (lvs.cf unchanged).
    private func blockListRefusal(_ problem: String, _ context: WebRequestContext) throws -> Response {
        let body =
            "<p class=\"error\" id=\"not-saved\">\(HTML.escape(problem))</p>"
            + ConfigPages(csrf: csrf(context)).blockList(try loadOrFail())
        return Self.html(
            layout(context).page("Virtual servers", panel: .virtualServers, body: body), status: .unprocessableContent)
    }

    private func filePage(_ context: WebRequestContext, notice: String?) async throws -> Response {
        let document = try loadOrFail()
        let result = document.parse(file: store.path)
        var body = notice ?? ""
        if let problem = store.permissionProblem() { body += "<p class=\"warning\">\(HTML.escape(problem))</p>" }
        let onDisk = ConfigFingerprint(result.config).description
        var report: DirectorReport?
        do { report = try await gateway.report() } catch {}
        body += "<h2>This director and its peer</h2><ul class=\"facts\" id=\"fingerprints\">"
        body += "<li>lvs.cf on disk here: fingerprint <code id=\"fp-disk\">\(onDisk)</code>"
        body += (result.errorCount > 0 ? " (has errors)" : "") + "</li>"
        if let pulse = report?.pulse {
            let running = pulse.configSerial ?? "?"
            body += "<li>pulse here runs: <code id=\"fp-running\">\(HTML.escape(running))</code>"
            body += running == onDisk ? "" : " — <strong>not the file on disk: reload to apply it</strong>"
            body +=
                "</li><li>the peer runs: <code id=\"fp-peer\">\(HTML.escape(pulse.peerConfigSerial ?? "unknown"))</code>"
            if let peer = pulse.peerConfigSerial {
                body +=
                    peer == running
                    ? " <span id=\"peer-agrees\">— the same as this director</span>"
                    : " <strong id=\"peer-differs\">— different from this director: a failover may not do what you expect</strong>"
            }
            body += "</li>"
        } else {
            body += "<li>pulse does not answer here: the peer's fingerprint is unknown</li>"
        }
        body += "</ul><div class=\"actions\">"
        let peer = settings.peerAddress ?? report?.pulse.peerAddress
        if let peer {
            body += HTML.postButton(
                "Send this lvs.cf to the peer (\(peer))", action: "/config/sync", fields: [], csrf: csrf(context),
                id: "sync")
        }
        if store.hasPrevious {
            body += HTML.postButton(
                "Revert to the previous version", action: "/config/revert", fields: [], csrf: csrf(context),
                id: "revert")
        }
        body += HTML.postButton("Reload lvs.cf", action: "/action", fields: [("action", "reload")], csrf: csrf(context))
        body += "</div>"
        body += ConfigPages(csrf: csrf(context)).otherProblems(result.diagnostics)
        body += "<h2>\(HTML.escape(store.path))</h2><pre class=\"file\" id=\"file\">\(HTML.escape(document.text))</pre>"
        return Self.html(layout(context).page("lvs.cf and peer", panel: .file, body: body))
    }

    private func revert(_ context: WebRequestContext) async throws -> Response {
        guard context.form["confirm"] == "yes" else {
            return confirmation(
                "Put the previous version of lvs.cf back? (The current one becomes the previous, so this can be undone.)",
                action: "/config/revert", cancel: "/config/file", panel: .file, context)
        }
        do {
            try store.revert()
        } catch {
            return try await filePage(
                context, notice: "<p class=\"error\" id=\"not-saved\">\(HTML.escape("Not reverted: \(error)"))</p>")
        }
        logger.notice("\(context.user) from \(context.client) reverted \(store.path) to its previous version")
        return try await filePage(
            context,
            notice: "<p class=\"notice\" id=\"saved\">Reverted to the previous version. Reload to apply it.</p>")
    }

    private func sync(_ context: WebRequestContext) async throws -> Response {
        var peer = settings.peerAddress
        if peer == nil { peer = try? await gateway.report().pulse.peerAddress }
        guard let peer else {
            return try await filePage(context, notice: "<p class=\"error\">No peer is known (backup_active = 0?).</p>")
        }
        guard context.form["confirm"] == "yes" else {
            return confirmation(
                "Send this director's lvs.cf to \(peer)? It checks the file, replaces its own (keeping the previous) "
                    + "and reloads.", action: "/config/sync", cancel: "/config/file", panel: .file, context)
        }
        let document = try loadOrFail()
        logger.notice("\(context.user) from \(context.client) sends \(store.path) to the peer \(peer)")
        let sync = settings.peerSync
        let bytes = document.bytes
        let outcome = try await NIOThreadPool.singleton.runIfActive { sync.send(bytes, to: peer) }
        if outcome.installed {
            logger.notice("\(outcome.summary)")
        } else {
            logger.warning("sending lvs.cf to \(peer) failed: \(outcome.summary)")
        }
        let kind = outcome.installed ? "notice" : "error"
        var notice = "<div class=\"\(kind)\" id=\"sync-result\"><p>\(HTML.escape(outcome.summary))</p>"
        if !outcome.output.isEmpty { notice += "<pre>\(HTML.escape(outcome.output))</pre>" }
        notice += "</div>"
        return try await filePage(context, notice: notice)
    }
}
