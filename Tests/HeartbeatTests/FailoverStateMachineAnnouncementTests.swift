import Heartbeat
import Testing

/// When the active node announces its VIPs again: whenever the partner held them too and might
/// have been the last to announce them.
@Suite struct FailoverStateMachineAnnouncementTests {
    let t0 = ContinuousClock.now

    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    func hb(_ state: HeartbeatState) -> FailoverEvent {
        .heartbeatReceived(ReceivedHeartbeat(path: .public, state: state))
    }

    func activePrimary() -> FailoverStateMachine {
        var m = FailoverStateMachine(
            configuration: try! FailoverConfiguration(
                role: .primary, keepalive: .milliseconds(100), deadtime: .milliseconds(300), paths: [.public],
                gratuitousARPCount: 3, gratuitousARPInterval: .seconds(1)))
        _ = m.handle(.start, at: at(0))
        _ = m.handle(hb(.inactive), at: at(10))
        _ = m.handle(.activationFinished, at: at(11))
        #expect(m.state == .active)
        return m
    }

    @Test func theBackupYieldingMakesThePrimaryAnnounceAgain() {
        var m = activePrimary()
        // A split healed: the backup is seen active (it announced the VIPs too), then yields.
        #expect(m.handle(hb(.active), at: at(500)).contains(.sendGratuitousARPs))
        // Its repeated announcements may have come after ours: once it lets go, ours go out again.
        let actions = m.handle(hb(.inactive), at: at(900))
        #expect(actions.contains(.sendGratuitousARPs))
        #expect(
            actions.contains(
                .log(FailoverLogEntry(.notice, "partner let go of the VIPs (inactive): resending gratuitous ARPs"))))
        #expect(m.state == .active)
    }

    @Test(arguments: [HeartbeatState.faulted, .stopping])
    func aPartnerThatHeldTheVIPsAndStopsOrFaultsToo(state: HeartbeatState) {
        var m = activePrimary()
        _ = m.handle(hb(.active), at: at(500))
        #expect(m.handle(hb(state), at: at(600)).contains(.sendGratuitousARPs))
    }

    @Test func aPartnerThatNeverHeldTheVIPsChangesNothing() {
        var m = activePrimary()
        #expect(!m.handle(hb(.faulted), at: at(500)).contains(.sendGratuitousARPs))
        #expect(!m.handle(hb(.inactive), at: at(600)).contains(.sendGratuitousARPs))
    }

    @Test func withoutGratuitousARPsNothingIsAnnounced() {
        var m = FailoverStateMachine(
            configuration: try! FailoverConfiguration(
                role: .primary, keepalive: .milliseconds(100), deadtime: .milliseconds(300), paths: [.public],
                gratuitousARPCount: 0))
        _ = m.handle(.start, at: at(0))
        _ = m.handle(hb(.inactive), at: at(10))
        _ = m.handle(.activationFinished, at: at(11))
        _ = m.handle(hb(.active), at: at(500))
        #expect(!m.handle(hb(.inactive), at: at(600)).contains(.sendGratuitousARPs))
    }
}
