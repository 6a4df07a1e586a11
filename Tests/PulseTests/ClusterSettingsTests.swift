import Addressing
import LVSConfig
import Testing

@testable import Pulse

/// pulse in an active-active cluster (`cluster_mode = bgp`): its settings, reloads, lvsd's lines.
@Suite struct ClusterSettingsTests {
    static let text = """
        service = lvs
        network = direct
        cluster_mode = bgp
        cluster_directors = 10.0.0.11 10.0.0.12 10.0.0.13
        bgp_local_as = 65010
        bgp_neighbors = 10.0.0.1 65000
        bgp_bfd = 1
        virtual www {
            active = 1
            address = 192.0.2.10 lo
            scheduler = mh
            server rs1 {
                address = 10.0.1.10
                active = 1
            }
        }
        """

    static func config(_ text: String = text) throws -> LVSConfig {
        let result = LVSConfigParser().parse(text, file: "lvs.cf")
        #expect(result.errors == [])
        return result.config
    }

    @Test func aMemberServesAloneWithoutARPAndFindsItsAddress() throws {
        let config = try Self.config()
        let own = try ClusterMembership.ownAddress(in: config) { $0 == IPAddress("10.0.0.12")! }
        #expect(own == IPAddress("10.0.0.12")!)
        let settings = try PulseSettings(config: config, role: .primary, clusterAddress: own)
        #expect(settings.peer == nil)
        #expect(settings.localAddress == own)
        #expect(settings.gratuitousARP.count == 0)
        #expect(settings.virtualAddresses.map(\.description) == ["192.0.2.10/32 on lo"])
        #expect(
            settings.startLine(startsLVSD: true)
                == "STARTING PULSE AS CLUSTER MEMBER (10.0.0.12 of 10.0.0.11 10.0.0.12 10.0.0.13; BGP AS 65010 from 10.0.0.12 to 10.0.0.1 (AS 65000), hold time 9 s, BFD every 100 ms)"
        )
        let sessions = try #require(settings.cluster).sessions
        #expect(sessions.localAddress == own)
        #expect(sessions.bfd)
        #expect(sessions.holdTime == 9)
        #expect(throws: PulseSettingsError.self) {
            try ClusterMembership.ownAddress(in: config) { _ in false }
        }
        #expect(throws: PulseSettingsError.self) {
            try PulseSettings(config: config, role: .primary, clusterAddress: IPAddress("10.0.0.99")!)
        }
    }

    @Test func bgpSettingsApplyLiveButTheModeNeedsARestart() throws {
        let own = IPAddress("10.0.0.11")!
        let running = try PulseSettings(config: Self.config(), role: .primary, clusterAddress: own)
        let neighbours = try PulseSettings(
            config: Self.config(
                Self.text.replacingOccurrences(of: "10.0.0.1 65000", with: "10.0.0.1 65000 10.0.0.2 65000")),
            role: .primary, clusterAddress: own)
        let live = PulseReloadPlan(running: running, loaded: neighbours)
        #expect(live.needsRestart == [])
        #expect(
            live.applied == [
                "BGP settings for BIRD: AS 65010 from 10.0.0.11 to 10.0.0.1 (AS 65000), 10.0.0.2 (AS 65000), hold time 9 s, BFD every 100 ms"
            ])
        #expect(live.settings.cluster?.settings.neighbors.count == 2)
        var pair = running
        pair.cluster = nil
        let switched = PulseReloadPlan(running: running, loaded: pair)
        #expect(switched.needsRestart == ["cluster_mode: bgp -> pair"])
        #expect(switched.settings.cluster == running.cluster)
    }

    @Test func lvsdSaysHowManyRealServersAVIPHas() {
        #expect(LVSDRunner.availability("up 192.0.2.10 3")! == (IPAddress("192.0.2.10")!, 3))
        #expect(LVSDRunner.availability("up 2001:db8::10 0")! == (IPAddress("2001:db8::10")!, 0))
        for bad in ["up 192.0.2.10", "up nowhere 1", "up 192.0.2.10 -1", "down 192.0.2.10 1", "up 192.0.2.10 1 2"] {
            #expect(LVSDRunner.availability(bad) == nil, "\(bad)")
        }
    }
}
