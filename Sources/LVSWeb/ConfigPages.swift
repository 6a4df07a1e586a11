import LVSConfig

/// The configuration panels as HTML: a form per panel or block, each field with its current
/// value (or the value just submitted, when the save was refused) and its problems beside it.
public struct ConfigPages: Sendable {
    /// The session's CSRF token.
    public var csrf: String

    /// Pages for a session.
    public init(csrf: String) { self.csrf = csrf }

    /// A group of fields under a heading.
    public struct Group: Sendable {
        /// The heading.
        public var title: String
        /// The fields.
        public var fields: [ConfigField]

        /// A group.
        public init(_ title: String, _ fields: [ConfigField]) {
            self.title = title
            self.fields = fields
        }
    }

    /// The form of `block` (nil: the global section) at `action`. `submitted` holds the values of
    /// a refused save, shown instead of the file's.
    public func form(
        groups: [Group], block: LVSConfigBlockPath?, document: LVSConfigDocument, action: String,
        hidden: [(String, String)] = [], submitted: [String: String]? = nil, edit: ConfigEdit? = nil
    ) -> String {
        var html = "<form method=\"post\" action=\"\(HTML.escape(action))\" class=\"config\" id=\"config-form\">"
        html += HTML.csrfField(csrf)
        for (name, value) in hidden {
            html += "<input type=\"hidden\" name=\"\(HTML.escape(name))\" value=\"\(HTML.escape(value))\">"
        }
        let current = document.summary(of: block)
        for group in groups where !group.fields.isEmpty {
            html += "<fieldset><legend>\(HTML.escape(group.title))</legend>"
            for field in group.fields {
                let value = submitted?[field.key] ?? current?.values[field.key] ?? ""
                let line = current?.lines[field.key]
                html += fieldHTML(field, value: value, line: line, problems: edit?.fieldProblems[field.key] ?? [])
            }
            html += "</fieldset>"
        }
        html += "<p><button type=\"submit\" id=\"save\">Save lvs.cf</button></p></form>"
        return html
    }

    private func fieldHTML(_ field: ConfigField, value: String, line: Int?, problems: [Diagnostic]) -> String {
        let id = "f-\(field.key)"
        var html = "<div class=\"field\(problems.contains { $0.severity == .error } ? " invalid" : "")\""
        html += " data-key=\"\(HTML.escape(field.key))\">"
        html += "<label for=\"\(id)\">\(HTML.escape(field.label)) <code>\(HTML.escape(field.key))</code></label>"
        let list = field.suggestions.isEmpty ? "" : " list=\"l-\(field.key)\""
        html += "<input id=\"\(id)\" name=\"\(HTML.escape(field.key))\" value=\"\(HTML.escape(value))\"\(list)>"
        if !field.suggestions.isEmpty {
            html += "<datalist id=\"l-\(field.key)\">"
            html += field.suggestions.map { "<option value=\"\(HTML.escape($0))\">" }.joined()
            html += "</datalist>"
        }
        var notes: [String] = []
        if !field.hint.isEmpty { notes.append(field.hint) }
        if let line { notes.append("line \(line)") }
        if !notes.isEmpty { html += "<small>\(HTML.escape(notes.joined(separator: " · ")))</small>" }
        if !problems.isEmpty {
            html += "<ul class=\"problems\" id=\"problem-\(HTML.escape(field.key))\">"
            for problem in problems {
                html +=
                    "<li class=\"\(problem.severity.rawValue)\">\(HTML.escape("\(problem.severity.rawValue): \(problem.message)"))</li>"
            }
            html += "</ul>"
        }
        return html + "</div>"
    }

    /// The problems of a refused or saved edit that belong to no field.
    public func otherProblems(_ diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "" }
        var html = "<ul class=\"problems\" id=\"other-problems\">"
        for diagnostic in diagnostics {
            html += "<li class=\"\(diagnostic.severity.rawValue)\">\(HTML.escape(diagnostic.description))</li>"
        }
        return html + "</ul>"
    }

    /// VIRTUAL SERVERS: every virtual and failover block with its servers, links to their pages,
    /// and the add and delete forms.
    public func blockList(_ document: LVSConfigDocument) -> String {
        var html = "<table id=\"blocks\"><thead><tr><th>Name</th><th>Kind</th><th>Active</th><th>Address</th>"
        html += "<th>Port</th><th></th></tr></thead><tbody>"
        for summary in document.blockSummaries {
            guard let block = summary.path else { continue }
            let active = summary.values["active"] ?? "-"
            let address = summary.values["address"] ?? "-"
            let port = summary.values["port"] ?? "-"
            let (kind, name, link, fields): (String, String, String, [(String, String)]) =
                switch block {
                case .virtual(let v):
                    ("virtual", v, "/config/block?virtual=\(Self.query(v))", [("kind", "virtual"), ("name", v)])
                case .failover(let f):
                    ("failover", f, "/config/block?failover=\(Self.query(f))", [("kind", "failover"), ("name", f)])
                case .server(let s, let v):
                    (
                        "real server of \(v)", s, "/config/block?virtual=\(Self.query(v))&server=\(Self.query(s))",
                        [("kind", "server"), ("name", s), ("virtual", v)]
                    )
                }
            let indent = if case .server = block { " class=\"child\"" } else { "" }
            html += "<tr\(indent)><td><a href=\"\(HTML.escape(link))\">\(HTML.escape(name))</a></td>"
            html += "<td>\(HTML.escape(kind))</td><td>\(HTML.escape(active))</td><td>\(HTML.escape(address))</td>"
            html += "<td>\(HTML.escape(port))</td><td>"
            html += HTML.postButton(
                "Delete", action: "/config/delete", fields: fields, csrf: csrf, style: "button small")
            html += "</td></tr>"
        }
        html += "</tbody></table>"
        html += "<h2>Add</h2><form method=\"post\" action=\"/config/add\" class=\"inline-form\" id=\"add-form\">"
        html += HTML.csrfField(csrf)
        html += "<label>Kind <select name=\"kind\"><option value=\"virtual\">virtual server</option>"
        html +=
            "<option value=\"server\">real server</option><option value=\"failover\">failover service</option></select></label>"
        html += "<label>Name <input name=\"name\" required></label>"
        html += "<label>In virtual server (for a real server) <input name=\"virtual\"></label>"
        html += "<button type=\"submit\">Add</button></form>"
        return html
    }

    /// A value for a query string.
    static func query(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
