import Heartbeat
import Interfaces
import Pulse
import Testing

/// What the main loop does for each of the machine's actions: action in, steps out.
@Suite struct FailoverActionPlanTests {
    let settings: PulseSettings
    var vips: [VirtualAddress] { settings.virtualAddresses }

    init() throws {
        settings = try PulseSettings(config: PulseTestConfig.config(), role: .primary)
    }

    @Test func everyActionOfTheMachine() {
        let t0 = ContinuousClock.now
        let table: [(FailoverAction, [VirtualAddress], [PulseStep])] = [
            (.activate, [], [.changeVIPs(.activate(vips, announce: true)), .switchSyncDaemon(.master)]),
            (.deactivate, vips, [.changeVIPs(.deactivate(vips)), .switchSyncDaemon(.backup)]),
            (.startLVSD, [], [.startLVSD]),
            (.stopLVSD, vips, [.stopLVSD]),
            (.sendGratuitousARPs, [vips[1]], [.changeVIPs(.announce([vips[1]], round: "repeat"))]),
            // Nothing held (the first activation is still under way, or failed): nothing to announce.
            (.sendGratuitousARPs, [], []),
            (.exit, vips, [.finish]),
            // The heartbeat thread's own.
            (.sendHeartbeat(.active, .ready), vips, []),
            (.wakeUp(at: t0), vips, []),
            (.log(FailoverLogEntry(.notice, "x")), vips, []),
            (.answer(.failover, .accepted("x")), vips, []),
        ]
        for (action, held, expected) in table {
            #expect(
                FailoverActionPlan.steps(for: action, settings: settings, heldAddresses: held) == expected, "\(action)")
        }
    }

    @Test func withoutGratuitousARPsTheActivationAnnouncesNothing() throws {
        let quiet = try PulseSettings(config: PulseTestConfig.config(["garp_count": "0"]), role: .primary)
        #expect(
            FailoverActionPlan.steps(for: .activate, settings: quiet, heldAddresses: []) == [
                .changeVIPs(.activate(quiet.virtualAddresses, announce: false)), .switchSyncDaemon(.master),
            ])
    }

    @Test func theInactiveStartRemovesLeftoversAndMakesTheSyncDaemonABackup() {
        #expect(
            FailoverActionPlan.standBy(settings: settings) == [
                .changeVIPs(.removeLeftovers(vips)), .switchSyncDaemon(.backup),
            ])
    }
}
