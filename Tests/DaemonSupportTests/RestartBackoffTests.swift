import DaemonSupport
import Testing

@Suite struct RestartBackoffTests {
    let t0 = ContinuousClock.now

    @Test func delayDoublesPerConsecutiveFailureAndIsCapped() {
        var policy = RestartBackoff(
            .init(
                initialDelay: .seconds(1), multiplier: 2, maximumDelay: .seconds(10),
                stableRuntime: .seconds(60), failureLimit: 100, window: .seconds(600)))
        var decisions: [RestartBackoff.Decision] = []
        var now = t0
        for _ in 0..<6 {
            let started = now
            now = now + .seconds(2)
            decisions.append(policy.recordFailure(startedAt: started, exitedAt: now))
        }
        #expect(decisions == [1, 2, 4, 8, 10, 10].map { .restart(after: .seconds($0)) })
        #expect(policy.consecutiveFailures == 6)
    }

    @Test func aStableRunStartsTheCountAgain() {
        var policy = RestartBackoff(.init(initialDelay: .seconds(1), failureLimit: 100))
        _ = policy.recordFailure(startedAt: t0, exitedAt: t0 + .seconds(1))
        _ = policy.recordFailure(startedAt: t0 + .seconds(2), exitedAt: t0 + .seconds(3))
        #expect(
            policy.recordFailure(startedAt: t0 + .seconds(5), exitedAt: t0 + .seconds(4))
                == .restart(after: .seconds(4)))
        // Ran 61 s: counts as the first failure of a new run.
        #expect(
            policy.recordFailure(startedAt: t0 + .seconds(10), exitedAt: t0 + .seconds(71))
                == .restart(after: .seconds(1)))
    }

    @Test func givesUpAfterTheLimitWithinTheWindow() {
        var policy = RestartBackoff(
            .init(initialDelay: .seconds(1), stableRuntime: .seconds(1000), failureLimit: 3, window: .seconds(60)))
        #expect(policy.recordFailure(startedAt: t0, exitedAt: t0 + .seconds(1)) == .restart(after: .seconds(1)))
        #expect(
            policy.recordFailure(startedAt: t0 + .seconds(2), exitedAt: t0 + .seconds(30))
                == .restart(after: .seconds(2)))
        #expect(
            policy.recordFailure(startedAt: t0 + .seconds(31), exitedAt: t0 + .seconds(40))
                == .giveUp(failures: 3, within: .seconds(60)))
    }

    @Test func failuresOutsideTheWindowAreForgotten() {
        var policy = RestartBackoff(
            .init(initialDelay: .seconds(1), stableRuntime: .seconds(1000), failureLimit: 3, window: .seconds(60)))
        _ = policy.recordFailure(startedAt: t0, exitedAt: t0 + .seconds(1))
        _ = policy.recordFailure(startedAt: t0, exitedAt: t0 + .seconds(50))
        // The first failure (t0+1) is 60 s old at t0+61: outside the window, only two remain.
        #expect(policy.recordFailure(startedAt: t0, exitedAt: t0 + .seconds(61)) == .restart(after: .seconds(4)))
    }

    @Test func hardShutdownGivesUpAtTheFirstDeath() {
        var policy = RestartBackoff(.hardShutdown)
        #expect(
            policy.recordFailure(startedAt: t0, exitedAt: t0 + .seconds(3600))
                == .giveUp(failures: 1, within: .seconds(600)))
    }

    @Test func resetForgetsEverything() {
        var policy = RestartBackoff(.init(failureLimit: 2))
        _ = policy.recordFailure(startedAt: t0, exitedAt: t0)
        policy.reset()
        #expect(policy.consecutiveFailures == 0)
        #expect(policy.recordFailure(startedAt: t0, exitedAt: t0) == .restart(after: .seconds(1)))
    }
}
