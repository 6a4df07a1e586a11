import Pulse
import Testing

/// pulse's stop: signals, the heartbeat thread's answer, when the loop may stop, and what is said
/// when that takes too long.
@Suite struct PulseShutdownTests {
    @Test func aSignalStopsTheHeartbeatsAndWaitsASecondForTheirAnswer() {
        var shutdown = PulseShutdown()
        #expect(
            shutdown.signalled("SIGTERM", from: 1) == [
                .log(.notice, "terminating due to SIGTERM (from PID 1)"), .stopHeartbeats("SIGTERM"),
                .awaitAnswer(signal: "SIGTERM", within: .seconds(1)),
            ])
        // No answer within the second: pulse stops without the heartbeat thread.
        #expect(
            shutdown.heartbeatsDidNotAnswer("SIGTERM") == [
                .log(.error, "the heartbeat thread did not answer SIGTERM; stopping without it"), .finish,
            ])
        let first = shutdown.begin()
        let second = shutdown.begin()
        #expect(first && !second && shutdown.isStopping)
        // It answered (pulse stops already): nothing more.
        #expect(shutdown.heartbeatsDidNotAnswer("SIGTERM") == [])
    }

    @Test func aSecondSignalWhileStoppingIsOnlyNoted() {
        var shutdown = PulseShutdown()
        _ = shutdown.begin()
        #expect(
            shutdown.signalled("SIGINT", from: 4242) == [
                .log(.notice, "SIGINT again while stopping; still waiting for lvsd and the VIPs to go")
            ])
    }

    @Test func theLoopStopsOnceLVSDIsGoneAndTheVIPsAreDown() {
        var shutdown = PulseShutdown()
        #expect(!shutdown.mayStopLoop(lvsdStopped: true, pendingVIPChanges: 0), "running")
        _ = shutdown.begin()
        let cases: [(lvsdStopped: Bool, pending: Int, stops: Bool)] = [
            (true, 0, true), (false, 0, false), (true, 1, false), (false, 2, false),
        ]
        for c in cases {
            #expect(shutdown.mayStopLoop(lvsdStopped: c.lvsdStopped, pendingVIPChanges: c.pending) == c.stops, "\(c)")
        }
    }

    @Test func aStopThatTakesTooLongSaysWhatItWaitedFor() {
        #expect(PulseShutdown.overdueDelay(lvsdStopTimeout: .seconds(5)) == .seconds(7))
        #expect(
            PulseShutdown.overdueLine(lvsdStopped: false, pendingVIPChanges: 3)
                == "lvsd did not exit after SIGKILL; the VIPs are not confirmed down; exiting anyway")
        #expect(
            PulseShutdown.overdueLine(lvsdStopped: true, pendingVIPChanges: 1)
                == "the VIPs are not confirmed down; exiting anyway")
        #expect(
            PulseShutdown.overdueLine(lvsdStopped: false, pendingVIPChanges: 0)
                == "lvsd did not exit after SIGKILL; exiting anyway")
    }
}
