import DaemonSupport
import Glibc
import Testing

/// Keeping one child running: scripts of events on a virtual clock, each step's actions compared
/// with what the supervisor must do. No process, no sleep.
@Suite struct ChildSupervisionTests {
    let t0 = ContinuousClock.now
    typealias Action = ChildSupervision.Action

    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    func supervision(limit: Int = 3) -> ChildSupervision {
        ChildSupervision(
            backoff: .init(
                initialDelay: .milliseconds(500), multiplier: 2, maximumDelay: .seconds(30),
                stableRuntime: .seconds(60),
                failureLimit: limit, window: .seconds(300)),
            stopTimeout: .seconds(5))
    }

    /// One step of a script: the time in ms, the event, the actions expected.
    typealias Step = (ms: Int, event: ChildSupervision.Event, expected: [Action])

    func run(_ s: inout ChildSupervision, _ steps: [Step], sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, step) in steps.enumerated() {
            let actions = s.handle(step.event, at: at(step.ms))
            #expect(
                actions == step.expected, "step \(index + 1): \(step.event) at \(step.ms) ms",
                sourceLocation: sourceLocation)
        }
    }

    @Test func aChildThatDiesIsStartedAgainAfterTheBackoff() {
        var s = supervision()
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (10, .spawned(100), []),
                (
                    2_000, .exited(100, how: "killed by SIGKILL"),
                    [
                        .restartScheduled(after: .milliseconds(500), because: "killed by SIGKILL"),
                        .wakeUp(at: at(2_500)),
                    ]
                ),
                (2_499, .tick, [.wakeUp(at: at(2_500))]),
                (2_500, .tick, [.spawn]),
                (2_510, .spawned(101), []),
            ])
        #expect(s.running?.pid == 101)
        #expect(!s.hasGivenUp)
    }

    @Test func deathsTooOftenAreToldOnceAndTheChildIsStillRetriedAtTheLongestDelay() {
        var s = supervision(limit: 3)
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .spawned(100), []),
                (
                    100, .exited(100, how: "exited with status 1"),
                    [
                        .restartScheduled(after: .milliseconds(500), because: "exited with status 1"),
                        .wakeUp(at: at(600)),
                    ]
                ),
                (600, .tick, [.spawn]),
                (600, .spawned(101), []),
                (
                    700, .exited(101, how: "exited with status 1"),
                    [
                        .restartScheduled(after: .seconds(1), because: "exited with status 1"), .wakeUp(at: at(1_700)),
                    ]
                ),
                (1_700, .tick, [.spawn]),
                (1_700, .spawned(102), []),
                (
                    1_800, .exited(102, how: "exited with status 1"),
                    [
                        .restartScheduled(after: .seconds(30), because: "exited with status 1"),
                        .gaveUp(.init(failures: 3, window: .seconds(300), last: "exited with status 1")),
                        .wakeUp(at: at(31_800)),
                    ]
                ),
                (31_800, .tick, [.spawn]),
                (31_800, .spawned(103), []),
                // Told once: a further death only schedules the next try.
                (
                    31_900, .exited(103, how: "exited with status 1"),
                    [
                        .restartScheduled(after: .seconds(30), because: "exited with status 1"),
                        .wakeUp(at: at(61_900)),
                    ]
                ),
            ])
        #expect(s.hasGivenUp)
    }

    @Test func aStableRunForgivesThePast() {
        var s = supervision(limit: 2)
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .spawned(100), []),
                (
                    100, .exited(100, how: "exited with status 1"),
                    [
                        .restartScheduled(after: .milliseconds(500), because: "exited with status 1"),
                        .wakeUp(at: at(600)),
                    ]
                ),
                (600, .tick, [.spawn]),
                (600, .spawned(101), []),
                // Ran 70 s: the first failure of a new run, not the second within the window.
                (
                    70_600, .exited(101, how: "exited with status 1"),
                    [
                        .restartScheduled(after: .milliseconds(500), because: "exited with status 1"),
                        .wakeUp(at: at(71_100)),
                    ]
                ),
            ])
        #expect(!s.hasGivenUp)
    }

    @Test func aSpawnThatFailsCountsAsADeath() {
        var s = supervision()
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (
                    0, .spawnFailed("No such file or directory"),
                    [
                        .restartScheduled(
                            after: .milliseconds(500), because: "could not be started: No such file or directory"),
                        .wakeUp(at: at(500)),
                    ]
                ),
            ])
        #expect(!s.isRunning)
    }

    @Test func stoppingSendsTermThenKillAndNeverRestarts() {
        var s = supervision()
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .spawned(100), []),
                (1_000, .stop, [.terminate(100), .wakeUp(at: at(6_000))]),
                (6_000, .tick, [.kill(100)]),
                (6_010, .exited(100, how: "killed by SIGKILL"), []),
            ])
        #expect(!s.isRunning && s.stopping.isEmpty && s.restartAt == nil)
    }

    @Test func wantedAgainWhileStoppingStartsOnlyOnceThePreviousOneHasExited() {
        var s = supervision()
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .spawned(100), []),
                (1_000, .stop, [.terminate(100), .wakeUp(at: at(6_000))]),
                (1_100, .start, [.wakeUp(at: at(6_000))]),
                (1_500, .exited(100, how: "exited with status 0"), [.spawn]),
                (1_600, .spawned(101), []),
            ])
        #expect(s.running?.pid == 101)
    }

    @Test func stoppedWhileBeingSpawnedIsTerminatedOnceItsPIDIsKnown() {
        var s = supervision()
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .stop, []),
                (5, .spawned(100), [.terminate(100), .wakeUp(at: at(5_005))]),
                (50, .exited(100, how: "exited with status 0"), []),
            ])
        #expect(!s.isRunning)
    }

    @Test func aDeathWhileNotWantedIsNotRestarted() {
        var s = supervision()
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .spawned(100), []),
                (100, .stop, [.terminate(100), .wakeUp(at: at(5_100))]),
                (200, .exited(100, how: "exited with status 1"), []),
                (10_000, .tick, []),
            ])
    }

    // MARK: pulse's lvsd: one an earlier pulse left running

    @Test func aLeftoverIsStoppedAndTheChildSpawnedOnlyOnceItHasExited() {
        var s = supervision()
        run(
            &s,
            [
                (0, .stopLeftover(77), [.terminate(77), .wakeUp(at: at(5_000))]),
                (10, .start, [.wakeUp(at: at(5_000))]),
                (300, .exited(77, how: "exited"), [.spawn]),
                (310, .spawned(100), []),
            ])
        #expect(s.running?.pid == 100 && s.stopping.isEmpty && s.nextWakeUp == nil)
    }

    @Test func aLeftoverThatOutlivesTheStopTimeoutIsKilledAndWaitedFor() {
        var s = supervision()
        run(
            &s,
            [
                (0, .stopLeftover(77), [.terminate(77), .wakeUp(at: at(5_000))]),
                (10, .start, [.wakeUp(at: at(5_000))]),
                (4_999, .tick, [.wakeUp(at: at(5_000))]),
                (5_000, .tick, [.kill(77)]),
                (5_020, .exited(77, how: "exited"), [.spawn]),
            ])
        #expect(!s.hasGivenUp)
    }

    @Test func aLeftoverIsSignalledOnceAndItsEndIsNoDeath() {
        var s = supervision(limit: 1)
        run(
            &s,
            [
                (0, .stopLeftover(77), [.terminate(77), .wakeUp(at: at(5_000))]),
                (100, .stopLeftover(77), [.wakeUp(at: at(5_000))]),
                (200, .exited(77, how: "exited"), []),
                (300, .start, [.spawn]),
            ])
        #expect(!s.hasGivenUp && s.restartAt == nil)
    }

    @Test func stoppedWhileALeftoverStopsNothingIsSpawned() {
        var s = supervision()
        run(
            &s,
            [
                (0, .stopLeftover(77), [.terminate(77), .wakeUp(at: at(5_000))]),
                (10, .start, [.wakeUp(at: at(5_000))]),
                (20, .stop, [.wakeUp(at: at(5_000))]),
                (30, .exited(77, how: "exited"), []),
            ])
        #expect(!s.isRunning && s.stopping.isEmpty)
    }

    // MARK: lvsd's nannies: give up and wait, restart with a new command line

    func nannySupervision(limit: Int = 2) -> ChildSupervision {
        ChildSupervision(
            backoff: .init(
                initialDelay: .seconds(1), multiplier: 2, maximumDelay: .seconds(60), stableRuntime: .seconds(60),
                failureLimit: limit, window: .seconds(120)),
            stopTimeout: .seconds(3), giveUpPolicy: .waitForRetry)
    }

    @Test func underWaitForRetryAGiveUpSpawnsNothingUntilRetried() {
        var s = nannySupervision()
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .spawned(100), []),
                (
                    100, .exited(100, how: "it exited with status 1"),
                    [
                        .restartScheduled(after: .seconds(1), because: "it exited with status 1"),
                        .wakeUp(at: at(1_100)),
                    ]
                ),
                (1_100, .tick, [.spawn]),
                (1_100, .spawned(101), []),
                (
                    1_200, .exited(101, how: "it exited with status 1"),
                    [
                        .gaveUp(.init(failures: 2, window: .seconds(120), last: "it exited with status 1"))
                    ]
                ),
                // Nothing is due: no wake-up, and a tick or a start spawns nothing.
                (5_000, .tick, []),
                (5_000, .start, []),
                (6_000, .retry(after: .seconds(60)), [.wakeUp(at: at(66_000))]),
                (66_000, .tick, [.spawn]),
                (66_000, .spawned(102), []),
                // A fresh backoff: the next death waits the first delay again.
                (
                    66_100, .exited(102, how: "it exited with status 1"),
                    [
                        .restartScheduled(after: .seconds(1), because: "it exited with status 1"),
                        .wakeUp(at: at(67_100)),
                    ]
                ),
            ])
        #expect(!s.isWaitingForRetry)
    }

    @Test func aRetryWithoutAGiveUpChangesNothing() {
        var s = nannySupervision()
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .spawned(100), []),
                (10, .retry(after: .seconds(1)), []),
            ])
        #expect(s.running?.pid == 100)
    }

    @Test func aRestartStopsTheRunningChildAndSpawnsTheNewOneOnceItHasExited() {
        var s = nannySupervision(limit: 5)
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .spawned(100), []),
                (
                    500, .exited(100, how: "it exited with status 1"),
                    [
                        .restartScheduled(after: .seconds(1), because: "it exited with status 1"),
                        .wakeUp(at: at(1_500)),
                    ]
                ),
                (1_500, .tick, [.spawn]),
                (1_500, .spawned(101), []),
                (2_000, .restart, [.terminate(101), .wakeUp(at: at(5_000))]),
                (2_100, .exited(101, how: "it was killed by SIGTERM"), [.spawn]),
                (2_100, .spawned(102), []),
                // The restart forgave the earlier death.
                (
                    2_200, .exited(102, how: "it exited with status 1"),
                    [
                        .restartScheduled(after: .seconds(1), because: "it exited with status 1"),
                        .wakeUp(at: at(3_200)),
                    ]
                ),
            ])
    }

    @Test func aRestartOfAStoppedChildSpawnsAtOnce() {
        var s = nannySupervision()
        run(
            &s,
            [
                (0, .restart, [.spawn]),
                (0, .spawned(100), []),
            ])
        #expect(s.running?.pid == 100)
    }

    @Test func aStopThatOutlivesItsTimeoutIsKilled() {
        var s = nannySupervision()
        run(
            &s,
            [
                (0, .start, [.spawn]),
                (0, .spawned(100), []),
                (100, .stop, [.terminate(100), .wakeUp(at: at(3_100))]),
                (3_100, .tick, [.kill(100)]),
                (3_150, .exited(100, how: "it was killed by SIGKILL"), []),
            ])
        #expect(!s.isRunning && s.stopping.isEmpty)
    }
}
