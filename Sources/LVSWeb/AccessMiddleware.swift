import FoundationEssentials
import Hummingbird

/// The gate every request passes (Piranha's CVE-2013-6492 was pages that a POST reached without
/// a login; here nothing is reachable without one, whatever the method):
/// - without a valid, unexpired session, only `GET`/`HEAD /login` and `POST /login` are
///   answered; a page request is sent to the login page, anything else gets 401;
/// - `/metrics` is answered only with the metrics bearer token (and never with a session);
/// - with a session, every method other than GET and HEAD must carry the session's CSRF token
///   (form field `csrf`, or header `X-CSRF-Token`), else 403. The form is read here, only after
///   the session is checked (at most ``bodyLimit`` bytes; ``loginLimit`` for the login form), and
///   handed on in the context.
public struct AccessMiddleware: RouterMiddleware {
    /// The largest request body read from a session (an lvs.cf of a few thousand services fits).
    public static let bodyLimit = 4 << 20
    /// The largest login form read.
    public static let loginLimit = 16 << 10

    /// The metrics bearer token; nil when no token file is configured (then `/metrics` is 404).
    public var metricsToken: String?
    /// The wall clock, seconds since the Unix epoch (tests move it).
    public var now: @Sendable () -> Double

    /// A gate.
    public init(metricsToken: String?, now: @escaping @Sendable () -> Double) {
        self.metricsToken = metricsToken
        self.now = now
    }

    public func handle(
        _ request: Request, context: WebRequestContext,
        next: (Request, WebRequestContext) async throws -> Response
    ) async throws -> Response {
        var request = request
        var context = context
        let path = request.uri.path
        let method = request.method
        let reads = method == .get || method == .head

        if path == "/metrics" {
            guard let metricsToken, reads else { throw HTTPError(.notFound) }
            let given = request.headers[.authorization] ?? ""
            guard given.hasPrefix("Bearer "), SecretToken.equal(String(given.dropFirst(7)), metricsToken) else {
                var response = Response(status: .unauthorized)
                response.headers[.wwwAuthenticate] = "Bearer realm=\"lvsweb metrics\""
                return response
            }
            return try await next(request, context)
        }

        if path == "/login", reads || method == .post {
            // The login form is small: nothing larger is read from a client without a session.
            if !reads {
                context.form = FormFields(String(buffer: try await request.collectBody(upTo: Self.loginLimit)))
            }
            return try await next(request, context)
        }

        guard let session = context.sessions.session, session.expiresAt > now() else {
            if context.sessions.session != nil { context.sessions.clearSession() }
            if method == .get, !path.hasPrefix("/static/"), path != "/monitor/live" {
                return Response(status: .seeOther, headers: [.location: "/login"])
            }
            return Self.plain(.unauthorized, "401 login required")
        }

        if !reads {
            context.form = FormFields(String(buffer: try await request.collectBody(upTo: Self.bodyLimit)))
            let given = context.form["csrf"] ?? request.headers[.init("X-CSRF-Token")!] ?? ""
            guard SecretToken.equal(given, session.csrfToken) else {
                context.logger.warning(
                    "refused \(method) \(path) by \(session.user) from \(context.client): bad CSRF token")
                return Self.plain(.forbidden, "403 the form's security token is missing or wrong; reload the page")
            }
        }
        return try await next(request, context)
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}

/// Headers on every answer: no caching of pages that show the cluster, no framing (clickjacking
/// of the action buttons), scripts and styles only from lvsweb itself.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The headers.
    public init() {}

    /// The content security policy; a page with an inline stylesheet (the login page: static
    /// files need a session) names its nonce.
    public static func policy(styleNonce: String?) -> String {
        let styles = styleNonce.map { "'self' 'nonce-\($0)'" } ?? "'self'"
        return "default-src 'self'; script-src 'self'; style-src \(styles); form-action 'self'; frame-ancestors 'none'"
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = AccessMiddleware.plain(
                error.status, "\(error.status.code) \(error.body ?? error.status.reasonPhrase)")
        }
        response.headers[.cacheControl] = "no-store"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.policy(styleNonce: nil)
        }
        return response
    }
}
