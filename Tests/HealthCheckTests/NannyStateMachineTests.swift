import CheckVocabulary
import HealthCheck
import Logging
import Testing

/// nanny's decisions on a virtual clock: instants are `t0 + offset`, nothing sleeps.
@Suite struct NannyStateMachineTests {
    let t0 = ContinuousClock.now
    let pass = CheckResult.passed("ok")
    let fail = CheckResult.failed("connect to 10.0.1.10:80: Connection refused")

    func at(_ seconds: Double) -> ContinuousClock.Instant { t0 + .milliseconds(Int(seconds * 1000)) }

    func machine(
        weight: Int = 64, reentry: Int = 30, slowStart: Duration? = .seconds(20), riseFall: RiseFall = RiseFall()
    ) -> NannyStateMachine {
        NannyStateMachine(
            .init(
                server: "10.0.1.10:80", weight: weight, reentry: .seconds(reentry), slowStartStep: slowStart,
                riseFall: riseFall))
    }

    /// Feeds results one per 10 s from t = 10 and returns the health after each.
    func healthAfter(_ results: String, riseFall: RiseFall) -> String {
        var m = machine(slowStart: nil, riseFall: riseFall)
        _ = m.checkCompleted(pass, at: at(0))
        var trace = ""
        for (i, r) in results.enumerated() {
            _ = m.checkCompleted(r == "+" ? pass : fail, at: at(Double(10 * (i + 1))))
            if case .up = m.health { trace += "U" } else { trace += "D" }
        }
        return trace
    }

    @Test(arguments: [
        // fall 1 (Piranha): the first failure takes it out; reentry 30 s = 3 passes 10 s apart after the first.
        ("-+++++", RiseFall(), "DDDDUU"),
        // fall 3: two failures are tolerated; a pass in between starts the count over.
        ("--+--+---", RiseFall(fall: 3), "UUUUUUUUD"),
        // rise 2 instead of the reentry time.
        ("-++-++", RiseFall(rise: 2), "DDUDDU"),
        // rise 1 and fall 2.
        ("--+-+", RiseFall(rise: 1, fall: 2), "UDUUU"),
    ])
    func riseAndFallSequences(results: String, riseFall: RiseFall, expected: String) {
        #expect(healthAfter(results, riseFall: riseFall) == expected)
    }

    @Test func fallLogsEachToleratedFailureAndNamesTheCountWhenItGoesDown() {
        var m = machine(slowStart: nil, riseFall: RiseFall(fall: 2))
        _ = m.checkCompleted(pass, at: at(0))
        let first = m.checkCompleted(fail, at: at(10))
        #expect(reports(first) == [.check(fail)])
        #expect(logs(first) == ["10.0.1.10:80 failed 1 of the 2 checks in a row that take it out: \(fail.detail)"])
        let second = m.checkCompleted(fail, at: at(20))
        #expect(reports(second) == [.check(fail), .down(reason: "\(fail.detail) (2 failed checks in a row)")])
    }

    func reports(_ actions: [NannyAction]) -> [NannyReport] {
        actions.compactMap { if case .report(let report) = $0 { report } else { nil } }
    }

    func logs(_ actions: [NannyAction]) -> [String] {
        actions.compactMap { if case .log(let level, let text) = $0, level >= .info { text } else { nil } }
    }

    @Test func firstPassAtStartBringsTheServerUpAtOnceWithSlowStartWeight() {
        var m = machine()
        let actions = m.checkCompleted(pass, at: at(0))
        #expect(reports(actions) == [.check(pass), .up(weight: 2, reason: "check passed: ok")])
        #expect(logs(actions) == ["[ active ] making 10.0.1.10:80 available (slow start at weight 2 of 64)"])
        #expect(m.health == .up(weight: 2, since: at(0)))
        #expect(m.nextWeightStep == at(20))
    }

    @Test func oneFailureTakesItDown() {
        var m = machine()
        _ = m.checkCompleted(pass, at: at(0))
        let actions = m.checkCompleted(fail, at: at(10))
        #expect(reports(actions) == [.check(fail), .down(reason: fail.detail)])
        #expect(logs(actions) == ["[inactive] shutting down 10.0.1.10:80: connect to 10.0.1.10:80: Connection refused"])
        #expect(m.health == .down(since: at(10)))
        #expect(m.nextWeightStep == nil)
    }

    @Test func aFailedServerMustPassForTheWholeReentryTime() {
        var m = machine(reentry: 30)
        _ = m.checkCompleted(pass, at: at(0))
        _ = m.checkCompleted(fail, at: at(10))
        // Passing from t=20: not up at 20, 30, 40 (20 s of passing); up at 50 (30 s).
        for second in [20.0, 30, 40] {
            #expect(reports(m.checkCompleted(pass, at: at(second))) == [.check(pass)], "not yet at \(second)")
        }
        #expect(m.passingSince == at(20))
        let actions = m.checkCompleted(pass, at: at(50))
        #expect(reports(actions) == [.check(pass), .up(weight: 2, reason: "passed checks for 30 s (reentry 30 s)")])
    }

    @Test func aFailureDuringReentryStartsTheWaitOver() {
        var m = machine(reentry: 30)
        _ = m.checkCompleted(fail, at: at(0))
        _ = m.checkCompleted(pass, at: at(10))
        _ = m.checkCompleted(pass, at: at(30))
        // Flap: fails again just before the 30 s are up.
        #expect(reports(m.checkCompleted(fail, at: at(35))) == [.check(fail)], "already down: no second DOWN")
        #expect(m.passingSince == nil)
        #expect(reports(m.checkCompleted(pass, at: at(40))) == [.check(pass)])
        #expect(reports(m.checkCompleted(pass, at: at(60))) == [.check(pass)])
        #expect(
            reports(m.checkCompleted(pass, at: at(70))).contains(
                .up(weight: 2, reason: "passed checks for 30 s (reentry 30 s)")))
    }

    @Test func aServerDownAtStartIsReportedDownAndThenNeedsReentry() {
        var m = machine(reentry: 30)
        let actions = m.checkCompleted(fail, at: at(0))
        #expect(reports(actions) == [.check(fail), .down(reason: fail.detail)])
        #expect(
            logs(actions) == ["[inactive] 10.0.1.10:80 is not available: connect to 10.0.1.10:80: Connection refused"])
        #expect(reports(m.checkCompleted(pass, at: at(10))) == [.check(pass)], "after a failure, reentry applies")
    }

    @Test func zeroReentryComesBackAtTheFirstPass() {
        var m = machine(reentry: 0)
        _ = m.checkCompleted(fail, at: at(0))
        #expect(
            reports(m.checkCompleted(pass, at: at(1))).contains(
                .up(weight: 2, reason: "passed checks for 0 s (reentry 0 s)")))
    }

    @Test func slowStartDoublesOnAFixedGridUpToTheWeight() {
        var m = machine(weight: 64)
        _ = m.checkCompleted(pass, at: at(0))
        var weights: [Int] = []
        var steps: [ContinuousClock.Instant] = []
        while let due = m.nextWeightStep {
            steps.append(due)
            // The runner is a little late every time; the grid must not drift.
            for report in reports(m.weightStepDue(at: due + .milliseconds(300))) {
                if case .weight(let weight) = report { weights.append(weight) }
            }
        }
        #expect(weights == [4, 8, 16, 32, 64])
        #expect(steps == [at(20), at(40), at(60), at(80), at(100)])
        #expect(m.health == .up(weight: 64, since: at(0)))
    }

    @Test func smallWeightsStartAtOneAndZeroStaysZero() {
        var small = machine(weight: 3)
        #expect(reports(small.checkCompleted(pass, at: at(0))).contains(.up(weight: 1, reason: "check passed: ok")))
        #expect(reports(small.weightStepDue(at: at(20))) == [.weight(2)])
        #expect(reports(small.weightStepDue(at: at(40))) == [.weight(3)])
        #expect(small.nextWeightStep == nil)

        var zero = machine(weight: 0)
        #expect(reports(zero.checkCompleted(pass, at: at(0))).contains(.up(weight: 0, reason: "check passed: ok")))
        #expect(zero.nextWeightStep == nil)
    }

    @Test func withoutSlowStartItComesUpAtFullWeight() {
        var m = machine(weight: 10, slowStart: nil)
        #expect(reports(m.checkCompleted(pass, at: at(0))).contains(.up(weight: 10, reason: "check passed: ok")))
        #expect(m.nextWeightStep == nil)
    }

    @Test func earlyOrStaleWeightStepsDoNothing() {
        var m = machine()
        _ = m.checkCompleted(pass, at: at(0))
        #expect(m.weightStepDue(at: at(19)).isEmpty)
        _ = m.checkCompleted(fail, at: at(19.5))
        #expect(m.weightStepDue(at: at(20)).isEmpty)
    }

    @Test func forceDownStopsChecksAndIgnoresLateResults() {
        var m = machine()
        _ = m.checkCompleted(pass, at: at(0))
        let actions = m.forceDown(at: at(5))
        #expect(reports(actions) == [.mode(.forcedDown), .down(reason: "forced down by administrator")])
        #expect(logs(actions) == ["[inactive] shutting down 10.0.1.10:80: forced down by administrator"])
        #expect(!m.isChecking)
        #expect(m.checkCompleted(pass, at: at(6)).isEmpty)
        #expect(m.nextWeightStep == nil)
    }

    @Test func forceUpGivesFullWeightAtOnce() {
        var m = machine(weight: 64)
        _ = m.checkCompleted(fail, at: at(0))
        let actions = m.forceUp(at: at(5))
        #expect(reports(actions) == [.mode(.forcedUp), .up(weight: 64, reason: "forced up by administrator")])
        #expect(logs(actions) == ["[ active ] making 10.0.1.10:80 available: forced up by administrator"])
        // Already up during slow start: only the weight changes.
        var slow = machine(weight: 64)
        _ = slow.checkCompleted(pass, at: at(0))
        #expect(reports(slow.forceUp(at: at(1))) == [.mode(.forcedUp), .weight(64)])
        #expect(slow.nextWeightStep == nil)
    }

    @Test func overridesSwitchDirectlyAndHangupReturnsToChecking() {
        var m = machine(reentry: 30)
        _ = m.checkCompleted(pass, at: at(0))
        _ = m.forceDown(at: at(1))
        #expect(
            reports(m.forceUp(at: at(2))) == [.mode(.forcedUp), .up(weight: 64, reason: "forced up by administrator")])
        #expect(reports(m.forceDown(at: at(3))) == [.mode(.forcedDown), .down(reason: "forced down by administrator")])
        let resumed = m.resumeChecking(at: at(4))
        #expect(reports(resumed) == [.mode(.checking)])
        #expect(resumed.last == .checkNow)
        #expect(m.isChecking)
        // "The next check decides at once": no reentry wait after SIGHUP.
        #expect(reports(m.checkCompleted(pass, at: at(4.1))).contains(.up(weight: 2, reason: "check passed: ok")))
    }

    @Test func hangupWhileForcedUpKeepsItUpUntilACheckFails() {
        var m = machine()
        _ = m.forceUp(at: at(0))
        _ = m.resumeChecking(at: at(1))
        #expect(reports(m.checkCompleted(pass, at: at(1.1))) == [.check(pass)])
        #expect(reports(m.checkCompleted(fail, at: at(2))) == [.check(fail), .down(reason: fail.detail)])
    }

    @Test func durationsAreShownPlainly() {
        var m = NannyStateMachine(.init(server: "s", weight: 1, reentry: .milliseconds(1500), slowStartStep: nil))
        _ = m.checkCompleted(fail, at: at(0))
        _ = m.checkCompleted(pass, at: at(1))
        #expect(
            reports(m.checkCompleted(pass, at: at(2.5))).contains(
                .up(weight: 1, reason: "passed checks for 1.5 s (reentry 1.5 s)")))
    }

    @Test func sub_millisecondRemaindersPrintAsWholeSeconds() {
        var m = NannyStateMachine(.init(server: "s", weight: 1, reentry: .seconds(1), slowStartStep: nil))
        _ = m.checkCompleted(pass, at: at(0))
        _ = m.checkCompleted(fail, at: at(0))
        _ = m.checkCompleted(pass, at: at(1))
        let up = reports(m.checkCompleted(pass, at: t0 + .seconds(2) + .microseconds(400)))
        #expect(up.contains(.up(weight: 1, reason: "passed checks for 1 s (reentry 1 s)")), "\(up)")
    }
}
