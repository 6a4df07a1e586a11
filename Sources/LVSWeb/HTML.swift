/// Builds lvsweb's pages as text: every value from outside (lvs.cf, the daemons, the form) goes
/// through ``escape(_:)``, so nothing in a server name or a check's reason can become markup.
public enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities.
    public static func escape(_ text: String) -> String {
        // Most values (names, addresses, numbers) need nothing: return them as they are.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A hidden field carrying the session's CSRF token.
    public static func csrfField(_ token: String) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">"
    }

    /// A form that posts `fields` to `action` with one button; `confirmText`, when given, is
    /// what the confirmation page will ask.
    public static func postButton(
        _ label: String, action: String, fields: [(String, String)], csrf: String, id: String? = nil,
        style: String = "button"
    ) -> String {
        var form = "<form class=\"inline\" method=\"post\" action=\"\(escape(action))\">\(csrfField(csrf))"
        for (name, value) in fields {
            form += "<input type=\"hidden\" name=\"\(escape(name))\" value=\"\(escape(value))\">"
        }
        let identifier = id.map { " id=\"\(escape($0))\"" } ?? ""
        form += "<button type=\"submit\" class=\"\(style)\"\(identifier)>\(escape(label))</button></form>"
        return form
    }
}
