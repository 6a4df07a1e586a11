import HealthCheck
import Testing

/// How load-based weights compose with slow start and the administrator's overrides, on a
/// virtual clock.
@Suite struct NannyStateMachineLoadTests {
    let t0 = ContinuousClock.now
    let pass = CheckResult.passed("ok")
    let fail = CheckResult.failed("connect to 10.0.1.10:80: Connection refused")
    let policy = LoadWeightPolicy(weight: 64, scale: 2)

    func at(_ seconds: Int) -> ContinuousClock.Instant { t0 + .seconds(seconds) }

    func machine(slowStart: Duration? = .seconds(20)) -> NannyStateMachine {
        NannyStateMachine(.init(server: "10.0.1.10:80", weight: 64, reentry: .seconds(30), slowStartStep: slowStart))
    }

    func reports(_ actions: [NannyAction]) -> [NannyReport] {
        actions.compactMap { if case .report(let report) = $0 { report } else { nil } }
    }

    @Test func noLoadChangesDuringSlowStartThenLoadTakesOver() {
        var m = machine()
        _ = m.checkCompleted(pass, at: at(0))
        #expect(m.loadAdjustableWeight == nil)
        #expect(m.loadMeasured(0, policy: policy).isEmpty)
        var weights: [Int] = []
        for step in 1...5 {
            weights += reports(m.weightStepDue(at: at(20 * step))).compactMap {
                if case .weight(let w) = $0 { w } else { nil }
            }
        }
        #expect(weights == [4, 8, 16, 32, 64])
        #expect(m.loadAdjustableWeight == 64)
        let actions = m.loadMeasured(0, policy: policy)
        #expect(reports(actions) == [.weight(96)])
        #expect(actions.contains(.log(.info, "weight of 10.0.1.10:80 64 -> 96 (configured 64): load 0.0")))
        #expect(m.health == .up(weight: 96, since: at(0)))
        #expect(reports(m.loadMeasured(3, policy: policy)) == [.weight(64)])
        // A load of 1 or a change too small: nothing reported.
        #expect(reports(m.loadMeasured(1, policy: policy)).isEmpty)
    }

    @Test func withoutSlowStartLoadAppliesAtOnce() {
        var m = machine(slowStart: nil)
        _ = m.checkCompleted(pass, at: at(0))
        #expect(reports(m.loadMeasured(0, policy: policy)) == [.weight(96)])
    }

    @Test func downAndForcedDownIgnoreTheLoad() {
        var m = machine(slowStart: nil)
        #expect(m.loadMeasured(0, policy: policy).isEmpty)  // unknown
        _ = m.checkCompleted(pass, at: at(0))
        _ = m.checkCompleted(fail, at: at(10))
        #expect(m.loadAdjustableWeight == nil)
        #expect(m.loadMeasured(0, policy: policy).isEmpty)
        _ = m.resumeChecking(at: at(11))
        _ = m.checkCompleted(pass, at: at(12))
        _ = m.forceDown(at: at(13))
        #expect(m.loadMeasured(0, policy: policy).isEmpty)
    }

    /// SIGUSR2 puts the server at its configured (full) weight and holds it there: no load
    /// changes until SIGHUP, after which they start again from the full weight.
    @Test func forcedUpHoldsTheFullWeightUntilSIGHUP() {
        var m = machine(slowStart: nil)
        _ = m.checkCompleted(pass, at: at(0))
        _ = m.loadMeasured(0, policy: policy)
        #expect(m.health == .up(weight: 96, since: at(0)))
        #expect(reports(m.forceUp(at: at(5))) == [.mode(.forcedUp), .weight(64)])
        #expect(m.loadAdjustableWeight == nil)
        #expect(m.loadMeasured(0, policy: policy).isEmpty)
        #expect(m.weightChanged(to: 100, reason: "test").isEmpty)
        _ = m.resumeChecking(at: at(6))
        #expect(m.loadAdjustableWeight == 64)
        #expect(reports(m.loadMeasured(0, policy: policy)) == [.weight(96)])
    }

    /// A server that goes down and comes back slow-starts again from weight/32, whatever load
    /// weight it had.
    @Test func comingBackStartsSlowAgain() {
        var m = NannyStateMachine(
            .init(server: "10.0.1.10:80", weight: 64, reentry: .zero, slowStartStep: .seconds(20)))
        _ = m.checkCompleted(pass, at: at(0))
        for step in 1...5 { _ = m.weightStepDue(at: at(20 * step)) }
        _ = m.loadMeasured(0, policy: policy)
        _ = m.checkCompleted(fail, at: at(110))
        _ = m.checkCompleted(pass, at: at(120))
        #expect(m.health == .up(weight: 2, since: at(120)))
        #expect(m.loadAdjustableWeight == nil)
    }
}
