import Pulse
import Testing

/// Keeping the VIP guard running: scripts of events, each step's actions compared with what the
/// supervision must do. No process, no timer.
@Suite struct VIPGuardSupervisionTests {
    typealias Step = (event: VIPGuardSupervision.Event, expected: [VIPGuardSupervision.Action])

    func run(_ s: inout VIPGuardSupervision, _ steps: [Step], sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, step) in steps.enumerated() {
            let actions = s.handle(step.event)
            #expect(actions == step.expected, "step \(index + 1): \(step.event)", sourceLocation: sourceLocation)
        }
    }

    let running = VIPGuardSupervision.Action.log(
        .info,
        "VIP guard running (PID 40): it takes the VIPs down if pulse ends or sends no heartbeat for 0.875 seconds")

    @Test func theGuardStartsOnceAndIsStartedAgainASecondAfterItDied() {
        var s = VIPGuardSupervision(enabled: true)
        run(
            &s,
            [
                (.start, [.spawn]),
                (.spawned(40, limit: .milliseconds(875)), [running]),
                (.start, []),
                (
                    .exited(40, how: "killed by SIGSEGV"),
                    [
                        .log(.error, "the VIP guard (PID 40) killed by SIGSEGV; starting it again in 1.0 seconds"),
                        .restart(after: .seconds(1)),
                    ]
                ),
                (.start, [.spawn]),
                (
                    .spawned(41, limit: .milliseconds(875)),
                    [
                        .log(
                            .info,
                            "VIP guard running (PID 41): it takes the VIPs down if pulse ends or sends no heartbeat for 0.875 seconds"
                        )
                    ]
                ),
            ])
        #expect(s.pid == 41)
    }

    @Test func aGuardThatCannotStartIsTriedAgain() {
        var s = VIPGuardSupervision(enabled: true)
        run(
            &s,
            [
                (.start, [.spawn]),
                (
                    .spawnFailed("posix_spawn /usr/sbin/pulse: No such file or directory"),
                    [
                        .log(
                            .error,
                            "cannot start the VIP guard: posix_spawn /usr/sbin/pulse: No such file or directory; trying again in 1.0 seconds"
                        ),
                        .restart(after: .seconds(1)),
                    ]
                ),
                (.start, [.spawn]),
            ])
    }

    @Test func aReplacementKillsTheOldGuardAndStartsTheNewOneOnceItIsGone() {
        var s = VIPGuardSupervision(enabled: true)
        run(
            &s,
            [
                (.start, [.spawn]),
                (.spawned(40, limit: .milliseconds(875)), [running]),
                (.replace, [.kill(40)]),
                // Another guard's end (an old one) changes nothing.
                (.exited(39, how: "killed by SIGKILL"), []),
                (.exited(40, how: "killed by SIGKILL"), [.spawn]),
                (
                    .spawned(42, limit: .milliseconds(400)),
                    [
                        .log(
                            .info,
                            "VIP guard running (PID 42): it takes the VIPs down if pulse ends or sends no heartbeat for 0.4 seconds"
                        )
                    ]
                ),
                // The next death is a death again.
                (
                    .exited(42, how: "exited with status 1"),
                    [
                        .log(.error, "the VIP guard (PID 42) exited with status 1; starting it again in 1.0 seconds"),
                        .restart(after: .seconds(1)),
                    ]
                ),
            ])
    }

    @Test func aReplacementWithNoGuardRunningStartsOne() {
        var s = VIPGuardSupervision(enabled: true)
        run(&s, [(.replace, [.spawn])])
    }

    @Test func whenPulseStopsTheGuardIsKilledForGood() {
        var s = VIPGuardSupervision(enabled: true)
        run(
            &s,
            [
                (.start, [.spawn]),
                (.spawned(40, limit: .milliseconds(875)), [running]),
                (.end, [.kill(40)]),
                (.exited(40, how: "killed by SIGKILL"), []),
                (.start, []),
                (.replace, []),
            ])
        #expect(s.hasEnded && s.pid == nil)
        var idle = VIPGuardSupervision(enabled: true)
        run(&idle, [(.end, []), (.start, [])])
    }

    @Test func withoutAPartnerOrAGuardNothingRuns() {
        var s = VIPGuardSupervision(enabled: false)
        run(&s, [(.start, []), (.replace, []), (.end, [])])
    }
}
