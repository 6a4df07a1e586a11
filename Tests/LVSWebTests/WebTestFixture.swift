import Foundation
import Hummingbird
import HummingbirdTesting
import LVSWeb
import Logging
import Synchronization

/// A web console on a temporary lvs.cf and password file, with a clock the test moves; pulse and
/// lvsd are not running (their sockets do not exist), which the pages must say.
final class WebTestFixture: Sendable {
    static let user = "piranha"
    static let password = "correct horse battery"
    static let config = """
        # The test's lvs.cf: comments and order must survive every edit.
        serial_no = 1
        primary = 10.70.0.1
        backup = 10.70.0.2
        backup_active = 1
        service = lvs
        heartbeat_port = 5390
        keepalive = 1
        deadtime = 3
        network = direct

        virtual www {
            active = 1
            address = 10.70.0.100 eth0:1
            port = 80
            protocol = tcp
            scheduler = wlc
            # the first real server
            server web1 {
                address = 10.70.0.11
                active = 1
                weight = 10
            }
            server web2 {
                address = 10.70.0.12
                active = 1
                weight = 20
            }
        }

        """

    let directory: String
    let configPath: String
    let clock = TestClock()
    let console: WebConsole

    init(sessionMinutes: Double = 30, metricsToken: String? = nil) throws {
        directory = NSTemporaryDirectory() + "lvsweb-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        configPath = directory + "/lvs.cf"
        try Data(Self.config.utf8).write(to: URL(fileURLWithPath: configPath))
        var settings = WebSettings()
        settings.configFile = configPath
        settings.pulseSocket = directory + "/pulse.sock"
        settings.lvsdSocket = directory + "/lvsd.sock"
        settings.sessionLifetime = .seconds(Int64(sessionMinutes * 60))
        settings.hostName = "test"
        let password = try PasswordFile.make(user: Self.user, password: Self.password, cost: 4)
        let clock = self.clock
        console = WebConsole(
            settings: settings, password: password, metricsToken: metricsToken, logger: Logger(label: "lvsweb-test"),
            now: { clock.now }, monotonic: { clock.instant })
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Moves the console's wall clock.
    func advance(seconds: Double) { clock.advance(seconds) }

    /// The file's text.
    func configText() throws -> String { try String(contentsOfFile: configPath, encoding: .utf8) }

    /// Runs `body` against the console's router (no network).
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let application = Application(router: console.router())
        return try await application.test(.router) { client in try await body(client) }
    }
}

/// A logged-in client: its cookie and the session's CSRF token.
struct WebLogin: Sendable {
    var cookie: String
    var csrf: String

    var headers: HTTPFields { [.cookie: cookie] }

    func formHeaders() -> HTTPFields {
        [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
    }

    static func logIn(_ client: any TestClientProtocol, password: String = WebTestFixture.password) async throws
        -> WebLogin?
    {
        let response = try await client.execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(
                string: "user=\(WebTestFixture.user)&password=\(password.replacingOccurrences(of: " ", with: "+"))"))
        guard response.status == .seeOther, let setCookie = response.headers[.setCookie] else { return nil }
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
        let body = String(buffer: page.body)
        guard let range = body.range(of: "name=\"csrf\" value=\"") else { return nil }
        let csrf = String(body[range.upperBound...].prefix { $0 != "\"" })
        return WebLogin(cookie: cookie, csrf: csrf)
    }
}

extension ByteBuffer {
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(
            string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&"))
    }
}

/// The console's wall clock in a test: starts at an arbitrary time and moves only when told.
final class TestClock: Sendable {
    private let seconds = Mutex(1_000_000.0)
    private let start = ContinuousClock.now

    /// The wall clock, seconds since the Unix epoch.
    var now: Double { seconds.withLock { $0 } }

    /// The same time on the monotonic clock.
    var instant: ContinuousClock.Instant {
        start + .milliseconds(Int64(((now - 1_000_000) * 1000).rounded()))
    }

    func advance(_ by: Double) { seconds.withLock { $0 += by } }
}
