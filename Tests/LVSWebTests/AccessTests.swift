import Foundation
import Hummingbird
import HummingbirdTesting
import LVSWeb
import Testing

/// Nothing without a login (the CVE-2013-6492 regression: Piranha's pages answered a POST
/// without one), CSRF tokens on every change, slowed-down guessing, expiring sessions.
@Suite struct AccessTests {
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options]
    static let extraPaths = [
        "/nope", "/config", "/config/block?virtual=www", "/static/", "/static/../lvs.cf", "/login/../config/global",
        "/action?action=failover&confirm=yes", "/config/file?x=1",
    ]

    @Test func everyRouteAndMethodWithoutASessionIsRefused() async throws {
        let fixture = try WebTestFixture()
        let before = try fixture.configText()
        let paths = Set(WebConsole.routes.map(\.1) + Self.extraPaths)
        try await fixture.test { client in
            for path in paths.sorted() {
                for method in Self.methods {
                    let response = try await client.execute(
                        uri: path, method: method, headers: [.contentType: "application/x-www-form-urlencoded"],
                        body: method == .get || method == .head
                            ? nil : .form([("action", "failover"), ("confirm", "yes"), ("weight", "1")]))
                    let body = String(buffer: response.body)
                    if method == .get, response.status != .unauthorized {
                        // A page sends the browser to the login; a script's fetch or a static file gets 401.
                        #expect(response.status == .seeOther, "\(method) \(path): \(response.status)")
                        #expect(response.headers[.location] == "/login", "\(method) \(path)")
                    } else {
                        #expect(response.status == .unauthorized, "\(method) \(path): \(response.status)")
                    }
                    #expect(!body.contains("virtual www"), "\(method) \(path) leaked lvs.cf")
                    #expect(!body.contains("<form"), "\(method) \(path) served a page")
                }
            }
        }
        #expect(try fixture.configText() == before)
    }

    @Test func onlyTheLoginPageAndItsPostAreOpen() async throws {
        let fixture = try WebTestFixture()
        try await fixture.test { client in
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("id=\"login-form\""))
            #expect(!String(buffer: page.body).contains("stylesheet"), "static files need a session")
            // Its inline styles are allowed by this response's nonce only.
            let policy = try #require(page.headers[.contentSecurityPolicy])
            let nonce = try #require(policy.split(separator: "'nonce-").last?.prefix { $0 != "'" })
            #expect(nonce.count == 64)
            #expect(String(buffer: page.body).contains("<style nonce=\"\(nonce)\">"))
            let wrong = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: .form([("user", "piranha"), ("password", "wrong password")]))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.setCookie] == nil)
        }
    }

    @Test func aSessionCookieIsHttpOnlyAndSameSiteStrict() async throws {
        let fixture = try WebTestFixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: .form([("user", "piranha"), ("password", WebTestFixture.password)]))
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(response.headers[.location] == "/")
        }
    }

    @Test func aMissingOrForgedCSRFTokenIsRefused() async throws {
        let fixture = try WebTestFixture()
        let before = try fixture.configText()
        try await fixture.test { client in
            let login = try #require(try await WebLogin.logIn(client))
            #expect(login.csrf.count == 64)
            let changes: [(String, [(String, String)])] = [
                ("/config/block", [("virtual", "www"), ("server", "web1"), ("weight", "5")]),
                ("/action", [("action", "reload"), ("confirm", "yes")]),
                ("/config/revert", [("confirm", "yes")]),
                ("/logout", []),
            ]
            for (path, fields) in changes {
                let missing = try await client.execute(
                    uri: path, method: .post, headers: login.formHeaders(), body: .form(fields))
                #expect(missing.status == .forbidden, "\(path) without a token: \(missing.status)")
                let forged = try await client.execute(
                    uri: path, method: .post, headers: login.formHeaders(),
                    body: .form(fields + [("csrf", String(login.csrf.reversed()))]))
                #expect(forged.status == .forbidden, "\(path) with a forged token: \(forged.status)")
            }
            // The right token is accepted.
            let good = try await client.execute(
                uri: "/config/block", method: .post, headers: login.formHeaders(),
                body: .form([("virtual", "www"), ("server", "web1"), ("weight", "5"), ("csrf", login.csrf)]))
            #expect(good.status == .ok)
        }
        #expect(try fixture.configText() != before)
    }

    @Test func wrongPasswordsSlowDownEvenTheRightOne() async throws {
        let fixture = try WebTestFixture()
        try await fixture.test { client in
            for attempt in 1...3 {
                let response = try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: .form([("user", "piranha"), ("password", "guess \(attempt)")]))
                #expect(response.status == .unauthorized, "attempt \(attempt)")
            }
            // Three are free; then each attempt waits, and one too early is refused unchecked.
            let throttled = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: .form([("user", "piranha"), ("password", WebTestFixture.password)]))
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)
            #expect(throttled.headers[.setCookie] == nil)
            // After the wait (the console's clock, moved by the test), the right password works.
            fixture.advance(seconds: 1.1)
            #expect(try await WebLogin.logIn(client) != nil)
        }
    }

    @Test func anExpiredSessionIsRefused() async throws {
        let fixture = try WebTestFixture(sessionMinutes: 1)
        try await fixture.test { client in
            let login = try #require(try await WebLogin.logIn(client))
            #expect(try await client.execute(uri: "/config/global", method: .get, headers: login.headers).status == .ok)
            fixture.advance(seconds: 61)
            let page = try await client.execute(uri: "/config/global", method: .get, headers: login.headers)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login")
            let change = try await client.execute(
                uri: "/action", method: .post, headers: login.formHeaders(),
                body: .form([("action", "reload"), ("confirm", "yes"), ("csrf", login.csrf)]))
            #expect(change.status == .unauthorized)
        }
    }

    @Test func loggingOutEndsTheSession() async throws {
        let fixture = try WebTestFixture()
        try await fixture.test { client in
            let login = try #require(try await WebLogin.logIn(client))
            let out = try await client.execute(
                uri: "/logout", method: .post, headers: login.formHeaders(), body: .form([("csrf", login.csrf)]))
            #expect(out.status == .seeOther)
            let after = try await client.execute(uri: "/", method: .get, headers: login.headers)
            #expect(after.status == .seeOther)
        }
    }

    @Test func metricsNeedTheBearerTokenAndNothingElse() async throws {
        let token = String(repeating: "ab", count: 32)
        let fixture = try WebTestFixture(metricsToken: token)
        try await fixture.test { client in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            let wrong = try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer " + String(token.reversed())])
            #expect(wrong.status == .unauthorized)
            let login = try #require(try await WebLogin.logIn(client))
            #expect(
                try await client.execute(uri: "/metrics", method: .get, headers: login.headers).status == .unauthorized)
            // pulse is not running: the scrape fails with the reason.
            let right = try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(right.status == .serviceUnavailable)
            #expect(String(buffer: right.body).contains("pulse does not answer"))
            #expect(
                try await client.execute(
                    uri: "/metrics", method: .post, headers: [.authorization: "Bearer \(token)"]
                ).status == .notFound)
        }
    }

    @Test func withoutATokenFileThereAreNoMetrics() async throws {
        let fixture = try WebTestFixture()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .notFound)
        }
    }

    @Test func pagesForbidFramingCachingAndForeignScripts() async throws {
        let fixture = try WebTestFixture()
        try await fixture.test { client in
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.headers[.init("X-Frame-Options")!] == "DENY")
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
        }
    }
}
