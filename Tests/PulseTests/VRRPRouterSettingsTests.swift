import Addressing
import Heartbeat
import LVSConfig
import Testing
import VRRP

@testable import Pulse

/// pulse with `heartbeat_protocol = vrrp`: the virtual router each director runs, its start line,
/// and what a reload may change.
@Suite struct VRRPRouterSettingsTests {
    static let text = """
        primary = 10.0.0.1
        backup = 10.0.0.2
        backup_active = 1
        service = lvs
        network = direct
        heartbeat_protocol = vrrp
        vrrp_id = 51
        vrrp_advert_interval = 100
        vrrp_unicast_peers = 10.0.0.1 10.0.0.2
        virtual www {
            active = 1
            address = 192.0.2.10 eth0:1
            server rs1 {
                address = 10.0.1.10
                active = 1
            }
        }
        virtual www2 {
            active = 1
            address = 192.0.2.10 eth0:1
            port = 443
            server rs1 {
                address = 10.0.1.10
                active = 1
            }
        }
        """

    static func settings(_ text: String = text, role: FailoverRole) throws -> PulseSettings {
        let result = LVSConfigParser().parse(text, file: "lvs.cf")
        #expect(result.errors == [])
        return try PulseSettings(config: result.config, role: role)
    }

    @Test func eachRoleGetsItsPriorityAndKeepalivedsDefaultVersion() throws {
        let primary = try Self.settings(role: .primary)
        let backup = try Self.settings(role: .backup)
        #expect(primary.vrrp?.priority == 150 && backup.vrrp?.priority == 100)
        // keepalived's default for IPv4 is version 2, so a pair with neither set agrees.
        #expect(primary.vrrp?.version == .v2)
        #expect(primary.vrrpAddresses == [IPAddress("192.0.2.10")!])
        let election = try #require(try primary.vrrpElectionConfiguration(forceActive: false))
        #expect(election.virtualRouterID == 51 && election.ownAddress == IPAddress("10.0.0.1")!)
        #expect(
            primary.startLine(startsLVSD: true)
                == "STARTING PULSE AS MASTER (primary 10.0.0.1, peer 10.0.0.2; VRRPv2 "
                + "virtual router 51, priority 150, every 1000 ms, unicast to 10.0.0.1 10.0.0.2; warm standby: lvsd runs on "
                + "both directors)")
    }

    @Test func unicastAdvertsGoToTheOthersOnly() throws {
        let primary = try Self.settings(role: .primary)
        #expect(primary.vrrp?.destinations(from: primary.localAddress) == [IPAddress("10.0.0.2")!])
        let multicast = try Self.settings(
            Self.text.replacing("vrrp_unicast_peers = 10.0.0.1 10.0.0.2\n", with: ""), role: .backup)
        #expect(multicast.vrrp?.destinations(from: multicast.localAddress) == [IPAddress("224.0.0.18")!])
    }

    @Test func aReloadKeepsTheVirtualRouterAndSaysARestartIsNeeded() throws {
        let running = try Self.settings(role: .primary)
        let loaded = try Self.settings(Self.text.replacing("vrrp_id = 51", with: "vrrp_id = 52"), role: .primary)
        let plan = PulseReloadPlan(running: running, loaded: loaded)
        #expect(plan.settings.vrrp?.virtualRouterID == 51)
        #expect(plan.needsRestart.contains { $0.hasPrefix("the VRRP settings: VRRPv2 virtual router 51") })
    }

    @Test func withoutVRRPThereIsNoVirtualRouter() throws {
        let plain = try Self.settings(
            Self.text.replacing("heartbeat_protocol = vrrp\n", with: "").replacing(
                "vrrp_id = 51\nvrrp_advert_interval = 100\nvrrp_unicast_peers = 10.0.0.1 10.0.0.2\n", with: ""),
            role: .primary)
        #expect(plain.vrrp == nil)
        #expect(try plain.vrrpElectionConfiguration(forceActive: false) == nil)
    }
}
