import Addressing
import Testing
@testable import LVSConfig

/// The system resolver, against this host's /etc/hosts and /etc/services only (no DNS query).
@Suite struct SystemNameResolverTests {
    @Test func localhostAndWellKnownServices() {
        let r = SystemNameResolver()
        #expect(r.addresses(ofHost: "localhost").contains(.v4(IPv4Address(127, 0, 0, 1))))
        #expect(r.port(ofService: "http", protocol: "tcp") == 80)
        #expect(r.port(ofService: "smtp", protocol: "tcp") == 25)
        #expect(r.port(ofService: "no-such-service-name", protocol: "tcp") == nil)
    }

    @Test func parserUsesItByDefault() {
        let r = LVSConfigParser().parse("primary = localhost\nheartbeat_port = http\n", file: "x")
        #expect(r.config.primary.publicAddress == .v4(IPv4Address(127, 0, 0, 1)))
        #expect(r.config.heartbeat.port == 80)
        #expect(
            r.warnings.contains { $0.message.hasPrefix("primary: host name 'localhost' was resolved to 127.0.0.1") })
    }
}
