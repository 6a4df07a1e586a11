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

    @Test func theMixedPairIsSplitByWhichMasterCrashedAndWhichWayItHandedOver() {
        var m = FailoverBenchmark.Samples()
        m.crashOutages = ms([1_400, 1_600, 1_500, 1_700])
        m.crashResumed = m.crashOutages
        m.crashedMasters = [.pulse, .keepalived, .pulse, .keepalived]
        m.handoverUnanswered = [1, 0]
        m.handoverRequests = [80, 90]
        m.handoverSilences = ms([50, 1_600])
        m.handoverDone = ms([200, 300])
        m.handoverMasters = [.pulse, .keepalived]
        var s = summary(pulse: [1_200], keepalived: [1_500, 1_500])
        s = FailoverBenchmarkSummary(
            samples: s.samples.merging([.pulseWithKeepalived: m]) { $1 }, keepalive: s.keepalive, deadtime: s.deadtime)
        let mixed = s.mixedPairLines
        #expect(s.lines.suffix(mixed.count) == mixed, "after pulse's own lines")
        #expect(mixed.count == 9)
        #expect(
            mixed[0].hasPrefix(
                "mixed pair crash: VIP unanswered, median: pulse+keepalived 1.55 s (n=4) [the pulse master crashed: "
                    + "1.45 s (n=2), ratio 0.97; the keepalived master crashed: 1.65 s (n=2), ratio 1.10] | "
                    + "keepalived pair 1.5 s (n=2) | ratio 1.03 (pulse VRRPv3 on the primary, priority 150"))
        #expect(
            mixed[4]
                == "mixed pair planned hand-over: requests unanswered: pulse+keepalived 1 of 170 in 2 (per hand-over "
                + "[1, 0]) [pulse -> keepalived (lvsctl failover on pulse): 1 of 80 in 1; keepalived -> pulse "
                + "(lvsctl takeover on pulse): 0 of 90 in 1] | keepalived pair 2 of 300 in 2 | ratio 0.50")
        #expect(mixed[7].contains("pulse -> keepalived (lvsctl failover on pulse): 200 ms (n=1), ratio 0.12"))
        #expect(summary(pulse: [1_000], keepalived: [1_000]).mixedPairLines.isEmpty)
    }
}
