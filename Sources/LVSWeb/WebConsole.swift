import Control
import FoundationEssentials
import Hummingbird
import HummingbirdAuth
import LVSConfig
import Logging
import NIOPosix
import Synchronization
import Units

/// lvsweb's application: the routes, the state a login needs (password, throttle) and the ways
/// to the daemons and the file. Every route is behind ``AccessMiddleware``.
public final class WebConsole: Sendable {
    /// The settings.
    public let settings: WebSettings
    /// The login.
    public let password: PasswordFile
    /// The metrics token, when `/metrics` is served.
    public let metricsToken: String?
    /// pulse and lvsd.
    public let gateway: ControlGateway
    /// Their report, shared by the monitoring pages and /metrics.
    public let reports: ReportCache
    /// lvs.cf.
    public let store: ConfigStore
    /// Where actions are logged (with the user and the client).
    public let logger: Logger
    /// The wall clock, seconds since the Unix epoch.
    public let now: @Sendable () -> Double
    /// The monotonic clock the login throttle counts in.
    public let monotonic: @Sendable () -> ContinuousClock.Instant
    let throttle = Mutex(LoginThrottle())
    /// The sessions, in memory; the server runs it beside itself (it drops expired ones).
    public let sessionStore: MemoryPersistDriver<ContinuousClock>

    /// Every route as (method, path), for the access tests (every one must refuse a request
    /// without a session).
    public static let routes: [(HTTPRequest.Method, String)] = [
        (.get, "/"), (.get, "/monitor/live"), (.post, "/action"), (.post, "/logout"),
        (.get, "/config/global"), (.post, "/config/global"), (.get, "/config/redundancy"),
        (.post, "/config/redundancy"), (.get, "/config/virtual-servers"), (.get, "/config/block"),
        (.post, "/config/block"), (.post, "/config/add"), (.post, "/config/delete"), (.get, "/config/file"),
        (.post, "/config/revert"), (.post, "/config/sync"), (.get, "/static/style.css"), (.get, "/static/live.js"),
    ]

    /// An application with these parts.
    public init(
        settings: WebSettings, password: PasswordFile, metricsToken: String?, logger: Logger,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        monotonic: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.monotonic = monotonic
        self.settings = settings
        self.password = password
        self.metricsToken = metricsToken
        let gateway = ControlGateway(pulseSocket: settings.pulseSocket, lvsdSocket: settings.lvsdSocket)
        self.gateway = gateway
        self.reports = ReportCache { try await gateway.report() }
        self.store = ConfigStore(path: settings.configFile)
        self.logger = logger
        self.now = now
        self.sessionStore = MemoryPersistDriver()
    }

    /// The router with every route and the middleware.
    public func router() -> Router<WebRequestContext> {
        let router = Router(context: WebRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(
            middleware: SessionMiddleware(
                storage: sessionStore,
                configuration: SessionMiddlewareConfiguration(
                    sessionCookieParameters: SessionCookieParameters(
                        name: "lvsweb_session", path: "/", secure: settings.usesTLS, sameSite: .strict),
                    keyPrefix: "lvsweb.", defaultSessionExpiration: settings.sessionLifetime)))
        router.add(middleware: AccessMiddleware(metricsToken: metricsToken, now: now))
        addSessionRoutes(router)
        addMonitorRoutes(router)
        addConfigRoutes(router)
        router.get("/metrics") { [self] _, _ in try await metrics() }
        router.get("/static/style.css") { _, _ in
            Self.respond(StaticAssets.styleSheet, type: "text/css; charset=utf-8")
        }
        router.get("/static/live.js") { _, _ in
            Self.respond(StaticAssets.liveScript, type: "text/javascript; charset=utf-8")
        }
        return router
    }

    // MARK: - Login

    private func addSessionRoutes(_ router: Router<WebRequestContext>) {
        router.get("/login") { [self] _, context in
            if let session = context.sessions.session, session.expiresAt > now() {
                return Self.redirect("/")
            }
            return loginPage(message: nil)
        }
        router.post("/login") { [self] _, context in try await login(context) }
        router.post("/logout") { [self] _, context in
            logger.notice("\(context.user) logged out from \(context.client)")
            context.sessions.clearSession()
            return Self.redirect("/login")
        }
    }

    private func login(_ context: WebRequestContext) async throws -> Response {
        let client = context.client
        let clock = monotonic()
        let wait = throttle.withLock { $0.wait(for: client, at: clock) }
        if wait > .zero {
            logger.warning("login from \(client) refused: too many wrong passwords, \(wait) to wait")
            var response = loginPage(
                message: "Too many wrong passwords from your address: wait \(Int(wait.components.seconds) + 1) s.",
                status: .tooManyRequests)
            response.headers[.retryAfter] = "\(Int(wait.components.seconds) + 1)"
            return response
        }
        let user = context.form["user"] ?? ""
        let given = context.form["password"] ?? ""
        let password = self.password
        let matches = try await NIOThreadPool.singleton.runIfActive { password.verify(user: user, password: given) }
        guard matches else {
            throttle.withLock { $0.failed(client, at: monotonic()) }
            logger.warning("wrong user or password for \"\(user)\" from \(client)")
            return loginPage(message: "Wrong user or password.", status: .unauthorized)
        }
        throttle.withLock { $0.succeeded(client) }
        let session = WebSession(
            user: user, csrfToken: SecretToken.make(), expiresAt: now() + settings.sessionLifetime.secondsValue)
        context.sessions.createSession(session, expiresIn: settings.sessionLifetime)
        logger.notice("\(user) logged in from \(client)")
        return Self.redirect("/")
    }

    // MARK: - Responses

    /// The login page with its own nonce for its inline styles.
    func loginPage(message: String?, status: HTTPResponse.Status = .ok) -> Response {
        let nonce = SecretToken.make()
        var response = Self.html(
            PageLayout.loginPage(host: settings.hostName, message: message, nonce: nonce), status: status)
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware<WebRequestContext>.policy(
            styleNonce: nonce)
        return response
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        respond(text, type: "text/html; charset=utf-8", status: status)
    }

    static func respond(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// The page that asks before a change: `question`, a Confirm button that posts `fields` and
    /// `confirm=yes` to `action`, and a way back to `cancel`.
    func confirmation(
        _ question: String, action: String, fields: [(String, String)] = [], cancel: String,
        panel: PageLayout.Panel, _ context: WebRequestContext
    ) -> Response {
        let body =
            "<p id=\"question\">\(HTML.escape(question))</p><div class=\"actions\">"
            + HTML.postButton(
                "Confirm", action: action, fields: fields + [("confirm", "yes")], csrf: csrf(context), id: "confirm")
            + "<a href=\"\(HTML.escape(cancel))\" id=\"cancel\">Cancel</a></div>"
        return Self.html(layout(context).page("Confirm", panel: panel, body: body))
    }

    func layout(_ context: WebRequestContext) -> PageLayout {
        PageLayout(user: context.user, csrf: context.sessions.session?.csrfToken ?? "", host: settings.hostName)
    }

    func csrf(_ context: WebRequestContext) -> String { context.sessions.session?.csrfToken ?? "" }
}
