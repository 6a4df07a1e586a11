import Addressing
import Foundation
import Testing
@testable import LVSConfig

/// `heartbeat_protocol = vrrp` and the `vrrp_*` keys.
@Suite struct VRRPKeysTests {
    /// Six lines; a test's own global lines start on line 7.
    static let globals = """
        primary = 192.0.2.1
        backup = 192.0.2.2
        backup_active = 1
        network = direct
        heartbeat_protocol = vrrp
        vrrp_id = 51

        """

    /// The globals, `extra` global lines, and a valid virtual block.
    static func file(_ extra: String = "", globals: String = globals) -> LVSConfigParseResult {
        parse(globals + extra + (extra.isEmpty ? "" : "\n") + "\n" + validVirtual)
    }

    static let ipv6Globals = """
        primary = 2001:db8::1
        backup = 2001:db8::2
        backup_active = 1
        network = direct
        heartbeat_protocol = vrrp
        vrrp_id = 51

        """

    static let ipv6Virtual = """
        virtual www6 {
            active = 1
            address = 2001:db8::10 eth0
            server rs1 {
                address = 2001:db8:1::10
                active = 1
            }
        }

        """

    static func ipv6File(_ extra: String = "") -> LVSConfigParseResult {
        parse(ipv6Globals + extra + (extra.isEmpty ? "" : "\n") + "\n" + ipv6Virtual)
    }

    @Test func aVRRPPairIsReadWithEveryDefault() {
        let r = Self.file()
        #expect(r.lines == [])
        #expect(r.config.heartbeat.wireProtocol == .vrrp)
        let v = r.config.vrrp
        #expect(v.virtualRouterID == 51)
        #expect(v.version == nil)
        #expect(v.effectiveVersion(ipv6: false) == .v2)
        #expect(v.effectiveVersion(ipv6: true) == .v3)
        #expect(v.primaryPriority == 150)
        #expect(v.backupPriority == 100)
        #expect(v.advertInterval == 100)
        #expect(v.preempt)
        #expect(v.preemptDelay == 0)
        #expect(v.unicastPeers == [])
        #expect(v.checksum == .pseudoHeader)
    }

    @Test func everyKeyIsRead() {
        let r = Self.file(
            """
            vrrp_version = 3
            vrrp_primary_priority = 200
            vrrp_backup_priority = 50
            vrrp_advert_interval = 25
            vrrp_preempt = 0
            vrrp_preempt_delay = 30
            vrrp_unicast_peers = 192.0.2.2 192.0.2.3
            vrrp_checksum = message-only
            """)
        #expect(r.lines == [])
        let v = r.config.vrrp
        #expect(v.version == .v3)
        #expect(v.effectiveVersion(ipv6: false) == .v3)
        #expect(v.primaryPriority == 200)
        #expect(v.backupPriority == 50)
        #expect(v.advertInterval == 25)
        #expect(!v.preempt)
        #expect(v.preemptDelay == 30)
        #expect(v.unicastPeers == [IPAddress("192.0.2.2")!, IPAddress("192.0.2.3")!])
        #expect(v.checksum == .messageOnly)
        #expect(Self.file("vrrp_version = 2").config.vrrp.version == .v2)
        #expect(Self.file("vrrp_checksum = pseudo-header\nvrrp_version = 3").lines == [])
    }

    @Test func theDefaultVersionFollowsThePrimarysFamily() {
        // IPv6: version 3, so an interval of a quarter second is fine.
        let v6 = Self.ipv6File("vrrp_advert_interval = 25")
        #expect(v6.lines == [])
        #expect(v6.config.vrrp.version == nil)
        #expect(v6.config.vrrp.effectiveVersion(ipv6: true) == .v3)
        // IPv4: version 2 (keepalived's default), whole seconds only.
        #expect(Self.file("vrrp_advert_interval = 200").lines == [])
        #expect(
            Self.file("vrrp_advert_interval = 150").lines == [
                "7:1: error: vrrp_advert_interval: 150 centiseconds cannot be sent with VRRPv2 (the default for IPv4), which advertises whole seconds (use a multiple of 100, or vrrp_version = 3)"
            ])
        #expect(
            Self.file("vrrp_version = 2\nvrrp_advert_interval = 50").lines == [
                "8:1: error: vrrp_advert_interval: 50 centiseconds cannot be sent with VRRPv2, which advertises whole seconds (use a multiple of 100, or vrrp_version = 3)"
            ])
        #expect(Self.file("vrrp_version = 3\nvrrp_advert_interval = 50").lines == [])
    }

    @Test func badValuesNameTheKeyTheValueAndTheColumn() {
        let id = { (value: String) in
            Self.file(globals: Self.globals.replacingOccurrences(of: "vrrp_id = 51", with: "vrrp_id = \(value)")).lines
        }
        #expect(id("0") == ["6:11: error: vrrp_id: expected a virtual router id 1-255, got '0' (out of range)"])
        #expect(id("256") == ["6:11: error: vrrp_id: expected a virtual router id 1-255, got '256' (out of range)"])
        #expect(id("one") == ["6:11: error: vrrp_id: integer expected: a virtual router id 1-255, got 'one'"])
        #expect(id("51 52") == ["6:14: error: vrrp_id: unexpected arguments: '52' after the value"])
        #expect(
            Self.file("vrrp_version = 4").lines == [
                "7:16: error: vrrp_version: expected 2 or 3, got '4' (out of range)"
            ])
        #expect(
            Self.file("vrrp_primary_priority = 255").lines == [
                "7:25: error: vrrp_primary_priority: 255 is the priority of the router that owns the addresses; pulse adds the VIPs itself, so it never owns them (expected a priority 1-254)"
            ])
        #expect(
            Self.file("vrrp_backup_priority = 0").lines == [
                "7:24: error: vrrp_backup_priority: expected a priority 1-254, got '0' (out of range)"
            ])
        #expect(
            Self.file("vrrp_advert_interval = 4096").lines == [
                "7:24: error: vrrp_advert_interval: expected centiseconds 1-4095, such as 100 for one second, got '4096' (out of range)"
            ])
        #expect(
            Self.file("vrrp_preempt = yes").lines == [
                "7:16: error: vrrp_preempt: boolean expected (0 or 1), got 'yes'"
            ])
        #expect(
            Self.file("vrrp_preempt_delay = 1001").lines == [
                "7:22: error: vrrp_preempt_delay: expected a whole number of seconds 0-1000, got '1001' (out of range)"
            ])
        #expect(
            Self.file("vrrp_unicast_peers = 192.0.2.3 192.0.2.3 224.0.0.18").lines == [
                "7:32: error: vrrp_unicast_peers: 192.0.2.3 is listed twice",
                "7:42: error: vrrp_unicast_peers: '224.0.0.18' cannot be a peer's address",
            ])
        #expect(
            Self.file("vrrp_unicast_peers =").lines == [
                "7:22: error: vrrp_unicast_peers: missing value (expected the other routers' addresses, such as 192.0.2.2 192.0.2.3)"
            ])
        #expect(
            Self.file("vrrp_checksum = both\nvrrp_version = 3").lines == [
                "7:17: error: vrrp_checksum: invalid argument 'both'; expected one of: pseudo-header, message-only"
            ])
        let carp = Self.file(globals: Self.globals.replacingOccurrences(of: "= vrrp", with: "= carp"))
        #expect(
            carp.lines.first
                == "5:22: error: heartbeat_protocol: invalid argument 'carp'; expected one of: lvsrouter, piranha, vrrp"
        )
        let upper = Self.file(globals: Self.globals.replacingOccurrences(of: "= vrrp", with: "= VRRP"))
        #expect(
            upper.lines.first
                == "5:22: error: heartbeat_protocol: invalid argument 'VRRP': values are case-sensitive; did you mean 'vrrp'?"
        )
    }

    @Test func vrrpNeedsAVirtualRouterID() {
        let r = Self.file(globals: Self.globals.replacingOccurrences(of: "vrrp_id = 51\n", with: ""))
        #expect(
            r.lines == [
                "5:1: error: vrrp_id: missing: heartbeat_protocol = vrrp needs the virtual router id (1-255) every router of the group shares"
            ])
    }

    @Test func theVRRPKeysAreRefusedWithoutVRRP() {
        let r = parseGlobals("vrrp_id = 51\nvrrp_preempt = 0")
        #expect(
            r.lines == [
                "5:1: error: vrrp_id: applies only with heartbeat_protocol = vrrp (this file uses lvsrouter)",
                "6:1: error: vrrp_preempt: applies only with heartbeat_protocol = vrrp (this file uses lvsrouter)",
            ])
        #expect(
            parseGlobals("heartbeat_protocol = piranha\nvrrp_checksum = message-only").errors.map(\.message) == [
                "vrrp_checksum: applies only with heartbeat_protocol = vrrp (this file uses piranha)"
            ])
    }

    @Test func theHeartbeatKeysVRRPReplacesAreRefused() {
        let r = Self.file(
            "heartbeat_key_file = /etc/sysconfig/ha/heartbeat.key\nheartbeat_port = 540\nkeepalive = 2\ndeadtime = 1")
        #expect(
            r.lines == [
                "7:1: error: heartbeat_key_file: cannot be used with heartbeat_protocol = vrrp: VRRP advertisements carry no authentication (RFC 3768 and RFC 5798 removed it) (remove the line)",
                "8:1: error: heartbeat_port: cannot be used with heartbeat_protocol = vrrp: VRRP is IP protocol 112 and has no port (remove the line)",
                "9:1: error: keepalive: cannot be used with heartbeat_protocol = vrrp: the master advertises every vrrp_advert_interval instead (remove the line)",
                "10:1: error: deadtime: cannot be used with heartbeat_protocol = vrrp: a backup takes over after VRRP's master-down interval (three times vrrp_advert_interval, and a skew) instead (remove the line)",
            ])
    }

    @Test func failoverServicesAreRefused() {
        let r = parse(
            Self.globals + "service = fos\n\n"
                + """
                failover ftp {
                    active = 1
                    address = 192.0.2.20 eth0:2
                    port = 21
                    start_cmd = "/etc/init.d/vsftpd start"
                    stop_cmd = "/etc/init.d/vsftpd stop"
                }

                """)
        #expect(
            r.lines == [
                "5:1: error: heartbeat_protocol: vrrp cannot run failover services: a director stops them before its partner starts them, and VRRP cannot say \"handing over\" (use lvsrouter)"
            ])
    }

    @Test func coldStandbyIsRefused() {
        #expect(
            Self.file("warm_standby = 0").lines == [
                "7:1: error: warm_standby: 0 cannot be used with heartbeat_protocol = vrrp: a backup becomes master as soon as the advertisements stop, so its IPVS table must already be loaded (remove the line)"
            ])
        #expect(Self.file("warm_standby = 1").lines == [])
    }

    @Test func aLonePulseIsAVRRPRouterToo() {
        // backup_active = 0: pulse alone is a VRRP router; a keepalived peer may still exist, so
        // warm_standby is not "ignored" either.
        let r = Self.file(
            "warm_standby = 1",
            globals: Self.globals.replacingOccurrences(of: "backup = 192.0.2.2\nbackup_active = 1\n", with: ""))
        #expect(r.lines == [])
        #expect(!r.config.hasBackup)
    }

    @Test func aClusterCannotUseVRRP() {
        let r = parse(
            ClusterKeysTests.cluster + "heartbeat_protocol = vrrp\nvrrp_id = 51\n" + ClusterKeysTests.mhVirtual)
        let tail =
            ": has no meaning with cluster_mode = bgp: every director is active and the routers, not heartbeats, decide where traffic goes (remove the line)"
        #expect(r.lines == ["7:1: error: heartbeat_protocol" + tail, "8:1: error: vrrp_id" + tail])
    }

    @Test func versionTwoIsForIPv4Only() {
        #expect(
            Self.ipv6File("vrrp_version = 2").lines == [
                "7:1: error: vrrp_version: 2 is for IPv4 only, but primary is IPv6 (use vrrp_version = 3)"
            ])
        #expect(Self.ipv6File("vrrp_version = 3").lines == [])
    }

    @Test func everyAddressIsOfThePrimarysFamily() {
        let mixed = parse(Self.globals + "\n" + validVirtual + Self.ipv6Virtual)
        #expect(
            mixed.lines == [
                "18:5: error: address: 2001:db8::10 in virtual 'www6' is IPv6, but primary is IPv4: one VRRP virtual router carries addresses of one family (heartbeat_protocol = vrrp)"
            ])
        // An inactive service is not carried.
        let inactive = parse(
            Self.globals + "\n" + validVirtual
                + Self.ipv6Virtual.replacingOccurrences(of: "www6 {\n    active = 1", with: "www6 {\n    active = 0"))
        #expect(inactive.errors == [])
        let natRouter = Self.file(
            "nat_router = 2001:db8::fe eth1",
            globals: Self.globals.replacingOccurrences(of: "network = direct", with: "network = nat"))
        #expect(
            natRouter.lines == [
                "7:1: error: nat_router: 2001:db8::fe is IPv6, but primary is IPv4: one VRRP virtual router carries addresses of one family (heartbeat_protocol = vrrp)"
            ])
        #expect(
            Self.file("vrrp_unicast_peers = 192.0.2.2 2001:db8::2").lines == [
                "7:1: error: vrrp_unicast_peers: 2001:db8::2 is IPv6, but primary is IPv4: one VRRP virtual router carries addresses of one family (heartbeat_protocol = vrrp)"
            ])
    }

    @Test func theChecksumIsAVersion3Setting() {
        #expect(
            Self.file("vrrp_checksum = message-only").lines == [
                "7:1: error: vrrp_checksum: applies only to VRRPv3: the checksum of VRRPv2 (the default for IPv4) never covers a pseudo-header (set vrrp_version = 3, or remove the line)"
            ])
        #expect(
            Self.file("vrrp_version = 2\nvrrp_checksum = pseudo-header").lines == [
                "8:1: error: vrrp_checksum: applies only to VRRPv3: the checksum of VRRPv2 never covers a pseudo-header (set vrrp_version = 3, or remove the line)"
            ])
        #expect(Self.file("vrrp_version = 3\nvrrp_checksum = message-only").lines == [])
        #expect(
            Self.ipv6File("vrrp_checksum = message-only").lines == [
                "7:1: warning: vrrp_checksum: ignored over IPv6: the VRRPv3 checksum always covers the IPv6 pseudo-header"
            ])
    }

    @Test func theRendererWritesEveryValueThatParsesBack() throws {
        let r = Self.file(
            """
            vrrp_version = 3
            vrrp_primary_priority = 200
            vrrp_backup_priority = 50
            vrrp_advert_interval = 25
            vrrp_preempt = 0
            vrrp_preempt_delay = 30
            vrrp_unicast_peers = 192.0.2.2 192.0.2.3
            vrrp_checksum = message-only
            """)
        let text = try LVSConfigRenderer().render(r.config)
        for line in [
            "heartbeat_protocol = vrrp", "vrrp_id = 51", "vrrp_version = 3", "vrrp_primary_priority = 200",
            "vrrp_backup_priority = 50", "vrrp_advert_interval = 25", "vrrp_preempt = 0", "vrrp_preempt_delay = 30",
            "vrrp_unicast_peers = 192.0.2.2 192.0.2.3", "vrrp_checksum = message-only",
        ] {
            #expect(text.contains("\n" + line + "\n"), "\(line)")
        }
        let again = parse(text)
        #expect(again.lines == [])
        #expect(again.config == r.config)
        // Defaults are left out.
        let plain = try LVSConfigRenderer().render(Self.file().config)
        #expect(plain.split(separator: "\n").filter { $0.hasPrefix("vrrp_") } == ["vrrp_id = 51"])
    }

    @Test func theEditorWritesThePeersAsBareWords() throws {
        var document = LVSConfigDocument(text: Self.globals + "\n" + validVirtual)
        try document.setValue("192.0.2.5  192.0.2.6", for: "vrrp_unicast_peers")
        #expect(document.text.contains("\nvrrp_unicast_peers = 192.0.2.5 192.0.2.6\n"))
        let r = document.parse(file: "edit.cf", parser: LVSConfigParser(resolver: TableNameResolver()))
        #expect(r.lines == [])
        #expect(r.config.vrrp.unicastPeers == [IPAddress("192.0.2.5")!, IPAddress("192.0.2.6")!])
    }

    @Test func theSettingsAreInTheJSONAndTheFingerprint() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var settings = VRRPSettings()
        settings.virtualRouterID = 51
        settings.version = .v3
        settings.checksum = .messageOnly
        settings.unicastPeers = [IPAddress("192.0.2.2")!]
        #expect(
            String(decoding: try encoder.encode(settings), as: UTF8.self)
                == #"{"advertInterval":100,"backupPriority":100,"checksum":"message-only","preempt":true,"preemptDelay":0,"primaryPriority":150,"unicastPeers":["192.0.2.2"],"version":3,"virtualRouterID":51}"#
        )
        let config = Self.file().config
        #expect(try JSONDecoder().decode(LVSConfig.self, from: JSONEncoder().encode(config)) == config)
        #expect(ConfigFingerprint(config) != ConfigFingerprint(Self.file("vrrp_primary_priority = 151").config))
    }
}
