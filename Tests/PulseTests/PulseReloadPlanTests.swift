import Addressing
import Heartbeat
import LVSConfig
import Pulse
import Testing

@Suite struct PulseReloadPlanTests {
    func settings(_ replacing: [String: String] = [:], removing: [String] = [], text: String = PulseTestConfig.base)
        throws -> PulseSettings
    {
        try PulseSettings(config: PulseTestConfig.config(replacing, removing: removing, text: text), role: .primary)
    }

    @Test func theSameFileChangesNothing() throws {
        let running = try settings()
        let plan = PulseReloadPlan(running: running, loaded: try settings())
        #expect(plan.changesNothing)
        #expect(plan.settings == running)
        #expect(plan.addedAddresses.isEmpty && plan.removedAddresses.isEmpty)
    }

    @Test func timingARPsCommandsSyncAndLinksApplyLive() throws {
        let running = try settings()
        let loaded = try settings(
            [
                "keepalive": "0.1", "deadtime": "0.4", "garp_count": "2", "garp_interval": "0.1",
                "active_cmd": "/bin/true", "syncd_id": "3", "monitor_links": "0",
            ], removing: ["inactive_cmd"])
        let plan = PulseReloadPlan(running: running, loaded: loaded)
        #expect(plan.needsRestart.isEmpty, "\(plan.needsRestart)")
        #expect(plan.settings == loaded)
        #expect(
            plan.applied == [
                "keepalive 0.25 seconds -> 0.1 seconds, deadtime 1.0 seconds -> 0.4 seconds",
                "gratuitous ARPs: 2 every 0.1 seconds (were 3 every 0.5 seconds)",
                "active_cmd: /bin/true",
                "inactive_cmd: none",
                "sync daemon: on eth2, syncid 3",
                "monitor_links: off",
            ])
    }

    @Test func vipChangesAreListedAsRemovalsThenAdditions() throws {
        let running = try settings()
        let text = PulseTestConfig.base
            .replacing(
                "address = 192.0.2.11 eth0\n", with: "address = 192.0.2.11 eth0\n    vip_nmask = 255.255.255.0\n"
            )
            .replacing("    active = 0\n    address = 192.0.2.12", with: "    active = 1\n    address = 192.0.2.12")
        let plan = PulseReloadPlan(running: running, loaded: try settings(text: text))
        #expect(plan.removedAddresses.map(\.description) == ["192.0.2.11/32 on eth0"])
        #expect(plan.addedAddresses.map(\.description) == ["192.0.2.11/24 on eth0", "192.0.2.12/32 on eth0:3"])
        #expect(
            plan.applied == [
                "VIPs removed: 192.0.2.11/32 on eth0", "VIPs added: 192.0.2.11/24 on eth0, 192.0.2.12/32 on eth0:3",
            ])
        #expect(plan.settings.virtualAddresses.count == 4)
    }

    @Test func addressesPortProtocolAndKeyNeedARestartAndKeepTheirRunningValues() throws {
        let running = try settings()
        let loaded = try settings([
            "primary": "192.0.2.5", "backup_private": "10.9.0.22", "heartbeat_port": "540",
            "heartbeat_key_file": "/etc/other.key", "keepalive": "0.5",
        ])
        let plan = PulseReloadPlan(running: running, loaded: loaded)
        #expect(
            plan.needsRestart == [
                "this director's address: 192.0.2.1 -> 192.0.2.5",
                "the peer's addresses: 192.0.2.2 (private 10.9.0.2) -> 192.0.2.2 (private 10.9.0.22)",
                "heartbeat_port: 1539 -> 540",
                "heartbeat_key_file: /etc/sysconfig/ha/heartbeat.key -> /etc/other.key",
            ])
        #expect(plan.settings.localAddress == running.localAddress)
        #expect(plan.settings.peer == running.peer)
        #expect(plan.settings.port == 1539)
        #expect(plan.settings.keyFile == running.keyFile)
        // What can change, did.
        #expect(plan.settings.keepalive == .milliseconds(500))
        #expect(!plan.changesNothing)
    }

    @Test func roleAndProtocolNeedARestart() throws {
        let running = try settings()
        var loaded = try PulseSettings(
            config: PulseTestConfig.config(["heartbeat_protocol": "piranha"]), role: .backup)
        loaded.keepalive = running.keepalive
        let plan = PulseReloadPlan(running: running, loaded: loaded)
        #expect(plan.needsRestart.contains("role: primary -> backup"))
        #expect(plan.needsRestart.contains("heartbeat_protocol: lvsrouter -> piranha"))
        #expect(plan.settings.role == .primary && plan.settings.wireProtocol == .lvsrouter)
    }

    @Test func theNewFingerprintIsTakenEvenWhenNothingElseChanges() throws {
        let running = try settings()
        let loaded = try settings(["serial_no": "8"])
        let plan = PulseReloadPlan(running: running, loaded: loaded)
        #expect(plan.changesNothing)
        #expect(plan.settings.configSerial == loaded.configSerial)
        #expect(plan.settings.configSerial != running.configSerial)
    }
}
