import Addressing
import Heartbeat
import Interfaces
import LVSConfig
import Pulse
import Testing

@Suite struct PulseSettingsTests {
    @Test func primarySeesItsOwnAddressesAndTheBackupAsPeer() throws {
        let settings = try PulseSettings(config: PulseTestConfig.config(), role: .primary)
        #expect(settings.role == .primary)
        #expect(settings.localAddress == IPAddress("192.0.2.1"))
        #expect(settings.localPrivateAddress == IPAddress("10.9.0.1"))
        #expect(
            settings.peer
                == HeartbeatPeer(publicAddress: IPAddress("192.0.2.2")!, privateAddress: IPAddress("10.9.0.2")))
        #expect(settings.boundAddresses == [IPAddress("192.0.2.1")!, IPAddress("10.9.0.1")!])
        #expect(settings.localAddress(on: .private) == IPAddress("10.9.0.1"))
        #expect(settings.port == 1539)
        #expect(settings.keepalive == .milliseconds(250) && settings.deadtime == .seconds(1))
        #expect(settings.wireProtocol == .lvsrouter)
        #expect(settings.keyFile == "/etc/sysconfig/ha/heartbeat.key")
        #expect(settings.gratuitousARP == GratuitousARPSettings(count: 3, interval: .milliseconds(500)))
        #expect(settings.syncDaemon == SyncDaemonSettings(enabled: true, interface: "eth2", syncID: 9))
        #expect(settings.monitorLinks)
    }

    @Test func backupSeesThePrimaryAsPeer() throws {
        let settings = try PulseSettings(config: PulseTestConfig.config(), role: .backup)
        #expect(settings.localAddress == IPAddress("192.0.2.2"))
        #expect(settings.localPrivateAddress == IPAddress("10.9.0.2"))
        #expect(settings.peer?.publicAddress == IPAddress("192.0.2.1"))
        #expect(settings.peer?.paths == [.public, .private])
    }

    @Test func distinctVIPsOfActiveServicesThenTheNATRouterWithLabelsAndMasks() throws {
        let settings = try PulseSettings(config: PulseTestConfig.config(), role: .primary)
        #expect(
            settings.virtualAddresses.map(\.description) == [
                "192.0.2.10/24 on eth0:1", "192.0.2.11/32 on eth0", "10.0.1.254/24 on eth1:1",
            ])
        #expect(settings.virtualAddresses[0].broadcast == IPv4Address(192, 0, 2, 255))
        #expect(settings.virtualAddresses[1].broadcast == nil)
        #expect(settings.notes.isEmpty, "\(settings.notes)")
    }

    @Test func natRouterOnlyWithNAT() throws {
        let config = PulseTestConfig.config(["network": "direct"], removing: ["nat_router", "nat_nmask"])
        let settings = try PulseSettings(config: config, role: .primary)
        #expect(!settings.virtualAddresses.contains { $0.address == IPAddress("10.0.1.254") })
    }

    @Test func aVIPSharedWithDifferentSettingsIsNoted() throws {
        let text = PulseTestConfig.base.replacing(
            "    address = 192.0.2.10 eth0:1\n    vip_nmask = 255.255.255.0\n    port = 443",
            with: "    address = 192.0.2.10 eth0:2\n    port = 443")
        let settings = try PulseSettings(config: PulseTestConfig.config(text: text), role: .primary)
        #expect(settings.virtualAddresses.filter { $0.address == IPAddress("192.0.2.10") }.count == 1)
        #expect(settings.notes.count == 1)
        #expect(settings.notes.first?.contains("virtual 'www443': 192.0.2.10 is also the VIP of virtual 'www'") == true)
    }

    @Test func commandsAreSplitOnBlanksWithoutAShell() throws {
        let settings = try PulseSettings(config: PulseTestConfig.config(), role: .primary)
        #expect(settings.activeCommand == ["/usr/local/sbin/became-active", "--now"])
        #expect(settings.inactiveCommand == ["logger", "standby"])
    }

    @Test func withoutPrivateAddressesThereIsOnePath() throws {
        let config = PulseTestConfig.config(removing: ["primary_private", "backup_private"])
        let settings = try PulseSettings(config: config, role: .primary)
        #expect(settings.localPrivateAddress == nil)
        #expect(settings.peer?.paths == [.public])
        #expect(settings.boundAddresses == [IPAddress("192.0.2.1")!])
    }

    @Test func aPrivateAddressOnOneSideOnlyUsesThePublicPathAndSaysSo() throws {
        let config = PulseTestConfig.config(removing: ["backup_private"])
        let settings = try PulseSettings(config: config, role: .primary)
        #expect(settings.peer?.paths == [.public])
        #expect(settings.localPrivateAddress == nil)
        #expect(settings.notes.contains { $0.contains("only one director has a private address") })
    }

    @Test func piranhaProtocolIgnoresTheKeyFile() throws {
        let config = PulseTestConfig.config(["heartbeat_protocol": "piranha"])
        let settings = try PulseSettings(config: config, role: .backup)
        #expect(settings.wireProtocol == .piranha)
        #expect(settings.keyFile == nil)
    }

    @Test func primaryWithoutBackupRunsAloneAndTheBackupRefuses() throws {
        let config = PulseTestConfig.config(["backup_active": "0"])
        let primary = try PulseSettings(config: config, role: .primary)
        #expect(primary.peer == nil)
        #expect(try primary.failoverConfiguration(forceActive: false).paths.isEmpty)
        #expect {
            try PulseSettings(config: config, role: .backup)
        } throws: { error in
            "\(error)".contains("this director is the backup and backup_active is 0")
        }
    }

    @Test func noActiveVirtualServiceIsRefused() {
        let text = PulseTestConfig.base.replacing("active = 1\n    address", with: "active = 0\n    address")
        #expect {
            try PulseSettings(config: PulseTestConfig.config(text: text), role: .primary)
        } throws: { error in
            "\(error)" == "no active virtual service: nothing for pulse to do (set active = 1 in a virtual block)"
        }
    }

    @Test func fosModeRunsTheFailoverServicesAddressesReleaseFirst() throws {
        var config = PulseTestConfig.config()
        config.service = .fos
        #expect {
            try PulseSettings(config: config, role: .primary)
        } throws: { error in
            "\(error)"
                == "service = fos but no active failover service: nothing for pulse to do (set active = 1 in a failover block)"
        }
        var ftp = FailoverService(name: "ftp")
        ftp.active = true
        ftp.vip = VirtualIP(address: IPAddress("10.0.0.50")!, device: "eth0:2")
        ftp.startCommand = "/etc/init.d/vsftpd start"
        ftp.stopCommand = "/etc/init.d/vsftpd stop"
        config.failoverServices = [ftp]
        config.warmStandby = true
        let settings = try PulseSettings(config: config, role: .primary)
        #expect(settings.runsFailoverServices && !settings.warmStandby && settings.failoverServiceCount == 1)
        #expect(settings.virtualAddresses.map(\.description) == ["10.0.0.50/32 on eth0:2"])
        #expect(try settings.failoverConfiguration(forceActive: false).releaseBeforeTakeover)
        #expect(settings.daemonStopTimeout(lvsdStopTimeout: .seconds(5)) == .seconds(35))
        config.heartbeat.wireProtocol = .piranha
        #expect(throws: PulseSettingsError.self) { try PulseSettings(config: config, role: .primary) }
    }

    @Test func roleFollowsWhichAddressIsLocal() throws {
        let config = PulseTestConfig.config()
        #expect(try PulseSettings.role(in: config) { $0 == IPAddress("192.0.2.1") } == .primary)
        #expect(try PulseSettings.role(in: config) { $0 == IPAddress("192.0.2.2") } == .backup)
        // Piranha's rule: holding primary makes the primary, whatever else is local.
        #expect(try PulseSettings.role(in: config) { _ in true } == .primary)
        #expect {
            try PulseSettings.role(in: config) { _ in false }
        } throws: { error in
            "\(error)".hasPrefix("this host holds neither primary (192.0.2.1) nor backup (192.0.2.2) on any interface")
        }
    }

    @Test func failoverConfigurationCarriesTimingARPsAndSerial() throws {
        let settings = try PulseSettings(config: PulseTestConfig.config(), role: .backup)
        let configuration = try settings.failoverConfiguration(forceActive: true)
        #expect(configuration.role == .backup)
        #expect(configuration.keepalive == .milliseconds(250) && configuration.deadtime == .seconds(1))
        #expect(configuration.paths == [.public, .private])
        #expect(configuration.forceActive)
        #expect(configuration.gratuitousARPCount == 3 && configuration.gratuitousARPInterval == .milliseconds(500))
        #expect(configuration.configSerial == settings.configSerial)
    }

    @Test func deadtimeNotLongerThanKeepaliveIsRefusedByTheMachine() throws {
        // lvs.cf refuses it too; a model built in code meets the machine's own check.
        var config = PulseTestConfig.config()
        config.heartbeat.deadtime = config.heartbeat.keepalive
        let settings = try PulseSettings(config: config, role: .primary)
        #expect(throws: FailoverConfigurationError.self) { try settings.failoverConfiguration(forceActive: false) }
    }

    @Test func badInterfaceNamesAreRefusedNamingTheService() throws {
        let text = PulseTestConfig.base.replacing("address = 192.0.2.11 eth0", with: "address = 192.0.2.11 eth0:")
        let result = LVSConfigParser().parse(text, file: "lvs.cf")
        // lvs.cf's parser takes any interface text; naming the kernel's rules is pulse's check.
        try #require(!result.hasErrors, "\(result.errors)")
        #expect {
            try PulseSettings(config: result.config, role: .primary)
        } throws: { error in
            "\(error)".hasPrefix("virtual 'mail': interface \"eth0:\": ")
        }
    }
}
