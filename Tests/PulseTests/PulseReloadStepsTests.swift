import Heartbeat
import Interfaces
import Pulse
import Testing

/// What applying a reload plan does to a running pulse: running settings, loaded ones and
/// whether the VIPs are held in; steps and the summary out.
@Suite struct PulseReloadStepsTests {
    func settings(_ replacing: [String: String] = [:], removing: [String] = [], text: String = PulseTestConfig.base)
        throws -> PulseSettings
    {
        try PulseSettings(config: PulseTestConfig.config(replacing, removing: removing, text: text), role: .primary)
    }

    @Test func theSameFileDoesNothingButPassTheReloadToLVSD() throws {
        let running = try settings()
        let plan = PulseReloadPlan(running: running, loaded: try settings())
        #expect(plan.steps(running: running, holdsVIPs: true) == [])
        #expect(plan.summary(lvsd: nil) == "no change")
        #expect(plan.summary(lvsd: "lvsd reloads") == "no change; lvsd reloads")
    }

    @Test func aNewVIPComesUpAndIsAnnouncedOnlyOnTheActiveDirector() throws {
        let running = try settings()
        let text = PulseTestConfig.base.replacing(
            "    active = 0\n    address = 192.0.2.12", with: "    active = 1\n    address = 192.0.2.12")
        let plan = PulseReloadPlan(running: running, loaded: try settings(text: text))
        let added = plan.addedAddresses
        #expect(added.map(\.description) == ["192.0.2.12/32 on eth0:3"])
        let applied = PulseStep.log(.notice, "reload applied: VIPs added: 192.0.2.12/32 on eth0:3")
        #expect(
            plan.steps(running: running, holdsVIPs: true) == [
                .changeVIPs(.reload(remove: [], forgetAnnouncers: false, add: added, announce: true)), .replaceVIPGuard,
                applied,
            ])
        // Inactive: nothing to bring up; the guard still learns the new set.
        #expect(plan.steps(running: running, holdsVIPs: false) == [.replaceVIPGuard, applied])
        #expect(plan.summary(lvsd: "lvsd reloads") == "VIPs added: 192.0.2.12/32 on eth0:3; lvsd reloads")
    }

    @Test func aVIPGoneFromItsInterfaceComesDownAndTheAnnouncersForgetTheirSockets() throws {
        let running = try settings()
        let moved = PulseTestConfig.base.replacing("address = 192.0.2.11 eth0\n", with: "address = 192.0.2.11 eth0:7\n")
        var plan = PulseReloadPlan(running: running, loaded: try settings(text: moved))
        #expect(
            plan.vipChange(holdsVIPs: false)
                == .reload(
                    remove: plan.removedAddresses, forgetAnnouncers: true, add: [], announce: false))
        #expect(
            plan.vipChange(holdsVIPs: true)
                == .reload(
                    remove: plan.removedAddresses, forgetAnnouncers: true, add: plan.addedAddresses, announce: true))
        // A new netmask on the same interface keeps the interface's sockets.
        let widened = PulseTestConfig.base.replacing(
            "address = 192.0.2.11 eth0\n", with: "address = 192.0.2.11 eth0\n    vip_nmask = 255.255.255.0\n")
        plan = PulseReloadPlan(running: running, loaded: try settings(text: widened))
        #expect(
            plan.vipChange(holdsVIPs: true)
                == .reload(
                    remove: plan.removedAddresses, forgetAnnouncers: false, add: plan.addedAddresses, announce: true))
        let quiet = try settings(["garp_count": "0"], text: widened)
        plan = PulseReloadPlan(running: running, loaded: quiet)
        #expect(
            plan.vipChange(holdsVIPs: true)
                == .reload(
                    remove: plan.removedAddresses, forgetAnnouncers: false, add: plan.addedAddresses, announce: false))
    }

    @Test func timingSyncDaemonAndLinksEachHaveTheirStep() throws {
        let running = try settings()
        let plan = PulseReloadPlan(
            running: running, loaded: try settings(["keepalive": "0.5", "syncd_id": "3", "monitor_links": "0"]))
        #expect(
            plan.steps(running: running, holdsVIPs: true) == [
                .replaceVIPGuard, .switchSyncDaemon(.master), .restartLinkWatch,
                .log(
                    .notice,
                    "reload applied: keepalive 0.25 seconds -> 0.5 seconds, deadtime 1.0 seconds -> 1.0 seconds"),
                .log(.notice, "reload applied: sync daemon: on eth2, syncid 3"),
                .log(.notice, "reload applied: monitor_links: off"),
            ])
        let inactive = plan.steps(running: running, holdsVIPs: false)
        #expect(inactive.contains(.switchSyncDaemon(.backup)) && !inactive.contains(.switchSyncDaemon(.master)))
    }

    @Test func whatNeedsARestartIsWarnedAndSummed() throws {
        let running = try settings()
        let plan = PulseReloadPlan(running: running, loaded: try settings(["heartbeat_port": "540"]))
        #expect(
            plan.steps(running: running, holdsVIPs: true) == [
                .log(
                    .warning,
                    "reload: heartbeat_port: 1539 -> 540 needs a restart of pulse (on both directors); still running with the old value"
                )
            ])
        #expect(plan.summary(lvsd: nil) == "nothing applied; needs a restart: heartbeat_port: 1539 -> 540")
        let both = PulseReloadPlan(
            running: running, loaded: try settings(["heartbeat_port": "540", "monitor_links": "0"]))
        #expect(
            both.summary(lvsd: "passing it to lvsd failed: x")
                == "monitor_links: off; needs a restart: heartbeat_port: 1539 -> 540; passing it to lvsd failed: x")
    }

    @Test func onlyTheFilesNewNotesAreWarned() throws {
        var running = try settings()
        running.notes = ["an old note"]
        var loaded = try settings()
        loaded.notes = ["an old note", "a new note"]
        let plan = PulseReloadPlan(running: running, loaded: loaded)
        #expect(plan.steps(running: running, holdsVIPs: false) == [.log(.warning, "a new note")])
    }
}
