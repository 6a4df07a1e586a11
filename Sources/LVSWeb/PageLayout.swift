/// The frame of every page: the panels' navigation as Piranha's tool had them (CONTROL/MONITORING,
/// GLOBAL SETTINGS, REDUNDANCY, VIRTUAL SERVERS) plus the file and the peer, the user and a
/// logout button.
public struct PageLayout: Sendable {
    /// The panels.
    public enum Panel: String, Sendable, CaseIterable {
        case monitoring, global, redundancy, virtualServers, file

        var title: String {
            switch self {
            case .monitoring: "Control / Monitoring"
            case .global: "Global settings"
            case .redundancy: "Redundancy"
            case .virtualServers: "Virtual servers"
            case .file: "lvs.cf and peer"
            }
        }

        var path: String {
            switch self {
            case .monitoring: "/"
            case .global: "/config/global"
            case .redundancy: "/config/redundancy"
            case .virtualServers: "/config/virtual-servers"
            case .file: "/config/file"
            }
        }
    }

    /// Who is logged in.
    public var user: String
    /// The session's CSRF token, for the logout form.
    public var csrf: String
    /// This host's name, shown in the title.
    public var host: String

    /// A layout for a session.
    public init(user: String, csrf: String, host: String) {
        self.user = user
        self.csrf = csrf
        self.host = host
    }

    /// A whole page.
    public func page(_ title: String, panel: Panel?, body: String, script: Bool = false) -> String {
        var nav = ""
        for item in Panel.allCases {
            let current = item == panel ? " class=\"current\"" : ""
            nav += "<a href=\"\(item.path)\"\(current)>\(HTML.escape(item.title))</a>"
        }
        let scriptTag = script ? "<script src=\"/static/live.js\" defer></script>" : ""
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(HTML.escape(title)) — lvsweb on \(HTML.escape(host))</title>
            <link rel="stylesheet" href="/static/style.css">\(scriptTag)</head>
            <body><header><span class="brand">LVSRouter · \(HTML.escape(host))</span><nav>\(nav)</nav>
            <span class="user">\(HTML.escape(user)) \(HTML.postButton("Log out", action: "/logout", fields: [], csrf: csrf, id: "logout", style: "link"))</span></header>
            <main><h1>\(HTML.escape(title))</h1>
            \(body)
            </main></body></html>
            """
    }

    /// The login page (no session yet). Static files, too, are only served to a session, so its
    /// few styles are inline, allowed by `nonce` in the page's content security policy.
    public static func loginPage(host: String, message: String?, nonce: String) -> String {
        let note = message.map { "<p class=\"error\" id=\"login-error\">\(HTML.escape($0))</p>" } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Log in — lvsweb on \(HTML.escape(host))</title>
            <style nonce="\(nonce)">
            body { font-family: system-ui, sans-serif; background: #f6f7f9; color: #1d2430; margin: 0; }
            header { background: #24324a; color: #fff; padding: .6em 1.2em; font-weight: 600; }
            main { max-width: 22em; margin: 4em auto; background: #fff; border: 1px solid #d5dae3; padding: 1.5em; }
            h1 { font-size: 1.2em; margin-top: 0; }
            label { display: block; margin: .8em 0 .2em; }
            input { width: 100%; box-sizing: border-box; padding: .3em; }
            button { margin-top: 1.2em; padding: .4em 1.2em; }
            .error { color: #b3261e; }
            </style></head>
            <body><header>LVSRouter · \(HTML.escape(host))</header><main><h1>Log in to lvsweb</h1>\(note)
            <form method="post" action="/login" id="login-form">
            <label for="user">User</label><input name="user" id="user" autocomplete="username" required>
            <label for="password">Password</label>
            <input type="password" name="password" id="password" autocomplete="current-password" required>
            <button type="submit" id="login">Log in</button></form></main></body></html>
            """
    }
}
