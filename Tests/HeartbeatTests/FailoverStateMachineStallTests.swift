import Heartbeat
import Testing

/// A node whose heartbeats stopped (pulse stopped or starved) comes back to find that its VIP
/// guard took the VIPs down: it lets go for good, and decides nothing about the partner until it
/// has listened for a deadtime, since it heard nothing meanwhile.
@Suite struct FailoverStateMachineStallTests {
    let t0 = ContinuousClock.now

    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    /// A primary, active after its backup announced inactive at 100 ms.
    func activePrimary() -> FailoverStateMachine {
        var m = FailoverStateMachine(
            configuration: try! FailoverConfiguration(
                role: .primary, keepalive: .milliseconds(100), deadtime: .milliseconds(300)))
        _ = m.handle(.start, at: at(0))
        _ = m.handle(.heartbeatReceived(ReceivedHeartbeat(path: .public, state: .inactive)), at: at(100))
        _ = m.handle(.activationFinished, at: at(101))
        return m
    }

    @Test func anActiveNodeLetsGoAndAnnouncesInactive() {
        var m = activePrimary()
        #expect(m.state == .active)
        // Stopped from 150 ms to 1150 ms; the partner took over meanwhile.
        let actions = m.handle(.stalled(.milliseconds(1000)), at: at(1150))
        #expect(m.state == .inactive)
        #expect(actions.contains(.deactivate))
        #expect(actions.contains { if case .sendHeartbeat(.inactive, _) = $0 { true } else { false } })
        #expect(
            actions.contains {
                if case .log(let e) = $0 { e.severity == .warning && e.message.contains("VIP guard") } else { false }
            })
        // Its heartbeats, queued while it was stopped, say the partner holds the VIPs: it stays inactive.
        let next = m.handle(.heartbeatReceived(ReceivedHeartbeat(path: .public, state: .active)), at: at(1151))
        #expect(!next.contains(.activate))
        #expect(m.state == .inactive)
    }

    @Test func theSilenceDuringTheStallIsNotTakenForADeadPartner() {
        var m = activePrimary()
        _ = m.handle(.stalled(.milliseconds(1000)), at: at(1150))
        // Nothing heard since 100 ms, but the node only listens again from 1150 ms.
        #expect(!m.handle(.tick, at: at(1200)).contains(.activate))
        #expect(!m.handle(.tick, at: at(1440)).contains(.activate))
        #expect(m.state == .inactive)
        // A partner that really is gone is found out one deadtime after the stall.
        #expect(m.handle(.tick, at: at(1450)).contains(.activate))
    }

    @Test func aNodeWithoutTheVIPsOnlyListensAfresh() {
        var m = FailoverStateMachine(
            configuration: try! FailoverConfiguration(
                role: .backup, keepalive: .milliseconds(100), deadtime: .milliseconds(300)))
        _ = m.handle(.start, at: at(0))
        _ = m.handle(.heartbeatReceived(ReceivedHeartbeat(path: .public, state: .active)), at: at(50))
        let actions = m.handle(.stalled(.milliseconds(800)), at: at(900))
        #expect(!actions.contains(.deactivate) && !actions.contains(.activate))
        #expect(m.state == .inactive)
        #expect(!m.handle(.tick, at: at(1000)).contains(.activate))
    }
}
