import LVSLab
import Testing

/// The failover benchmark's figures: statistics, the lines pulse beside keepalived, the targets.
struct FailoverBenchmarkSummaryTests {
    func ms(_ values: [Int]) -> [Duration] { values.map { .milliseconds($0) } }

    func summary(pulse: [Int], keepalived: [Int], handovers: [Int] = [0, 0], moved: [Int] = [90, 110])
        -> FailoverBenchmarkSummary
    {
        var p = FailoverBenchmark.Samples()
        p.crashOutages = ms(pulse)
        p.crashResumed = ms(pulse)
        p.handoverUnanswered = handovers
        p.handoverRequests = handovers.map { _ in 70 }
        p.handoverSilences = ms(handovers.map { _ in 100 })
        p.handoverDone = ms(moved)
        var k = FailoverBenchmark.Samples()
        k.crashOutages = ms(keepalived)
        k.crashResumed = ms(keepalived)
        k.handoverUnanswered = [1, 1]
        k.handoverRequests = [150, 150]
        k.handoverSilences = ms([60, 80])
        k.handoverDone = ms([1_650, 1_700])
        return FailoverBenchmarkSummary(
            samples: [.pulse: p, .keepalived: k], keepalive: .milliseconds(500), deadtime: .milliseconds(1500))
    }

    @Test func medianAndNearestRankP95() {
        let s = summary(pulse: [1_300, 1_100, 1_200, 1_000], keepalived: [1_500])
        #expect(
            s.lines[0].hasPrefix(
                "crash: VIP unanswered, median: pulse 1.15 s (n=4) | keepalived 1.5 s (n=1) | ratio 0.77"))
        #expect(
            s.lines[1].hasPrefix("crash: VIP unanswered, p95: pulse 1.3 s (n=4) | keepalived 1.5 s (n=1) | ratio 0.87"))
        #expect(
            s.lines[4].hasPrefix(
                "planned hand-over: requests unanswered: pulse 0 of 140 in 2 (per hand-over [0, 0]) | keepalived 2 of 300"
            ))
    }

    @Test func targetsSayWhetherTheyWereMet() {
        #expect(
            summary(pulse: [1_200, 1_400], keepalived: [1_500, 1_600]).targets == [
                "target: crash outage no longer than keepalived's (median 1.3 s vs 1.55 s) and at most deadtime + 300 ms = 1.8 s (p95 1.4 s): met",
                "target: planned hand-over with no unanswered request (0 unanswered) and done within 1 s (slowest 110 ms): met",
            ])
        let missed = summary(
            pulse: [1_700, 1_900], keepalived: [1_500, 1_600], handovers: [1, 0], moved: [90, 1_200]
        ).targets
        #expect(missed.allSatisfy { $0.hasSuffix("NOT met") }, "\(missed)")
    }
}
