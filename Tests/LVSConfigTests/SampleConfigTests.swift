import Addressing
import Testing
@testable import LVSConfig

/// The commented samples in etc/ parse without a single diagnostic and mean what they say.
@Suite struct SampleConfigTests {
    let parser = LVSConfigParser(resolver: TableNameResolver())

    @Test func natSample() throws {
        let r = parser.parse(try sampleBytes("lvs.cf.nat"), file: "etc/lvs.cf.nat")
        #expect(r.diagnostics.map(\.description) == [])
        let c = r.config
        #expect(c.network == .nat)
        #expect(c.natRouter?.device == "eth1:1")
        #expect(c.backupActive && c.primary.hasSeparatePrivateAddress)
        #expect(c.virtualServices.map(\.name) == ["www", "smtp"])
        #expect(c.virtualServices.map(\.identity?.description) == ["TCP 192.0.2.10:80", "TCP 192.0.2.11:25"])
        #expect(c.virtualServices[0].servers.map(\.port) == [80, 80, 8080])
        #expect(c.virtualServices[1].persistence == Persistence(timeout: 600))
        #expect(
            c.summary == "2 virtual services (2 active), 5 real servers (5 active); primary 192.0.2.1, backup 192.0.2.2"
        )
    }

    @Test func directRoutingSample() throws {
        let r = parser.parse(try sampleBytes("lvs.cf.direct-routing"), file: "etc/lvs.cf.direct-routing")
        #expect(r.diagnostics.map(\.description) == [])
        let c = r.config
        #expect(c.network == .direct)
        #expect(c.heartbeat.keepalive == .milliseconds(200) && c.heartbeat.deadtime == .seconds(1))
        #expect(c.syncDaemon == SyncDaemonSettings(enabled: true, interface: "eth0", syncID: 10))
        let shop = try #require(c.virtualService(named: "shop"))
        #expect(shop.identity == .firewallMark(80, .inet))
        #expect(shop.persistence == Persistence(timeout: 1800, netmask: .v4(IPv4Netmask(prefixLength: 24)!)))
        #expect(shop.check.sendProgram == "/usr/local/libexec/check_tls %h %p")
        #expect(shop.sorryServer == .v4(IPv4Address(192, 0, 2, 250)))
        #expect(shop.servers.allSatisfy { $0.port == 443 })
    }

    @Test func summaryWording() {
        var c = LVSConfig()
        #expect(c.summary == "0 virtual services (0 active), 0 real servers (0 active); no primary, no backup")
        c.primary.publicAddress = .v4(IPv4Address(192, 0, 2, 1))
        c.backup.publicAddress = .v4(IPv4Address(192, 0, 2, 2))
        var v = VirtualService(name: "a")
        v.servers = [RealServer(name: "s", active: true)]
        c.virtualServices = [v]
        #expect(
            c.summary
                == "1 virtual service (0 active), 1 real server (0 active); primary 192.0.2.1, backup 192.0.2.2 (inactive)"
        )
        c.service = .fos
        c.virtualServices = []
        c.failoverServices = [FailoverService(name: "f")]
        #expect(c.summary == "1 failover service (0 active); primary 192.0.2.1, backup 192.0.2.2 (inactive)")
    }
}
