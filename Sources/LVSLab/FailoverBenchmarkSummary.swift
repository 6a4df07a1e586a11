/// The figures of a ``FailoverBenchmark`` run, one line each, pulse beside keepalived with the
/// ratio (then the mixed pair's beside keepalived's), and whether pulse met the targets. Pure.
public struct FailoverBenchmarkSummary: Sendable {
    /// The samples by daemon.
    public let samples: [LabDaemon: FailoverBenchmark.Samples]
    /// The timings both ran with.
    public let keepalive: Duration
    /// See ``keepalive``.
    public let deadtime: Duration

    /// A summary of `samples` taken at `keepalive` and `deadtime`.
    public init(samples: [LabDaemon: FailoverBenchmark.Samples], keepalive: Duration, deadtime: Duration) {
        self.samples = samples
        self.keepalive = keepalive
        self.deadtime = deadtime
    }

    /// The median of `values` (the mean of the middle two for an even count); nil when empty.
    static func median(_ values: [Duration]) -> Duration? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The nearest-rank 95th percentile of `values`; nil when empty.
    static func p95(_ values: [Duration]) -> Duration? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = Int((0.95 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count, rank) - 1)]
    }

    /// The figure lines: pulse's pair beside keepalived's, then ``mixedPairLines``.
    public var lines: [String] {
        let pulse = samples[.pulse] ?? .init()
        let keepalived = samples[.keepalived] ?? .init()
        let setting =
            "pulse keepalive \(keepalive.labText), deadtime \(deadtime.labText) | keepalived VRRPv3 advert_int \(keepalive.labText)"
        var lines: [String] = []
        func timed(
            _ name: String, _ statistic: String, _ function: ([Duration]) -> Duration?,
            _ path: KeyPath<FailoverBenchmark.Samples, [Duration]>
        ) {
            let p = function(pulse[keyPath: path])
            let k = function(keepalived[keyPath: path])
            lines.append(
                "\(name), \(statistic): pulse \(p?.labText ?? "none") (n=\(pulse[keyPath: path].count)) | keepalived "
                    + "\(k?.labText ?? "none") (n=\(keepalived[keyPath: path].count)) | ratio \(Self.ratio(p, k)) (\(setting))"
            )
        }
        timed("crash: VIP unanswered", "median", Self.median, \.crashOutages)
        timed("crash: VIP unanswered", "p95", Self.p95, \.crashOutages)
        timed("crash: VIP answering again after the crash", "median", Self.median, \.crashResumed)
        timed("crash: VIP answering again after the crash", "p95", Self.p95, \.crashResumed)
        let pLost = pulse.handoverUnanswered.reduce(0, +)
        let kLost = keepalived.handoverUnanswered.reduce(0, +)
        lines.append(
            "planned hand-over: requests unanswered: pulse \(pLost) of \(pulse.handoverRequests.reduce(0, +)) in "
                + "\(pulse.handoverUnanswered.count) (per hand-over \(pulse.handoverUnanswered)) | keepalived \(kLost) of "
                + "\(keepalived.handoverRequests.reduce(0, +)) in \(keepalived.handoverUnanswered.count) (per hand-over "
                + "\(keepalived.handoverUnanswered)) | ratio \(Self.countRatio(pLost, kLost))")
        timed("planned hand-over: longest silence", "median", Self.median, \.handoverSilences)
        timed("planned hand-over: longest silence", "p95", Self.p95, \.handoverSilences)
        timed("planned hand-over: addresses moved after the request", "median", Self.median, \.handoverDone)
        timed("planned hand-over: addresses moved after the request", "p95", Self.p95, \.handoverDone)
        return lines + mixedPairLines
    }

    /// Whether pulse met each target, one line each.
    public var targets: [String] {
        let pulse = samples[.pulse] ?? .init()
        let keepalived = samples[.keepalived] ?? .init()
        var lines: [String] = []
        if let p = Self.median(pulse.crashOutages), let k = Self.median(keepalived.crashOutages) {
            let bound = deadtime + .milliseconds(300)
            let met = p <= k && (Self.p95(pulse.crashOutages) ?? p) <= bound
            lines.append(
                "target: crash outage no longer than keepalived's (median \(p.labText) vs \(k.labText)) and at most "
                    + "deadtime + 300 ms = \(bound.labText) (p95 \((Self.p95(pulse.crashOutages) ?? p).labText)): "
                    + (met ? "met" : "NOT met"))
        }
        if !pulse.handoverDone.isEmpty {
            let lost = pulse.handoverUnanswered.reduce(0, +)
            let slowest = pulse.handoverDone.max() ?? .zero
            lines.append(
                "target: planned hand-over with no unanswered request (\(lost) unanswered) and done within 1 s "
                    + "(slowest \(slowest.labText)): " + (lost == 0 && slowest <= .seconds(1) ? "met" : "NOT met"))
        }
        return lines
    }

    static func ratio(_ p: Duration?, _ k: Duration?) -> String {
        guard let p, let k, k > .zero else { return "n/a" }
        return decimal(p / k)
    }

    /// `ours / theirs` for counts: 1.00 when both are 0, n/a when only theirs is.
    static func countRatio(_ ours: Int, _ theirs: Int) -> String {
        theirs == 0 ? (ours == 0 ? "1.00" : "n/a") : decimal(Double(ours) / Double(theirs))
    }

    static func decimal(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
