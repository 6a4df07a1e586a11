/// The mixed pair's figures (pulse speaking VRRP on the primary, keepalived on the backup), one
/// line each, beside the keepalived pair's with the ratio; each split by which master crashed, or
/// which way the hand-over went.
extension FailoverBenchmarkSummary {
    /// The mixed pair's figure lines; none when it did not run.
    public var mixedPairLines: [String] {
        guard let mixed = samples[.pulseWithKeepalived] else { return [] }
        let keepalived = samples[.keepalived] ?? .init()
        let setting =
            "pulse VRRPv3 on the primary, priority \(KeepalivedConfigFile.defaultPriority(of: .primary)), "
            + "vrrp_advert_interval \(keepalive.labText) | keepalived on the backup, priority "
            + "\(KeepalivedConfigFile.defaultPriority(of: .backup)), advert_int \(keepalive.labText)"
        let crashes = LabDaemon.allMixedPrograms.map { ("the \($0) master crashed", mixed.crashes(of: $0)) }
        let handovers = LabDaemon.allMixedPrograms.map { master in
            let other: LabDaemon = master == .pulse ? .keepalived : .pulse
            return (
                "\(master) -> \(other) (\(FailoverBenchmark.mixedRequest(from: master)))", mixed.handovers(from: master)
            )
        }
        var lines: [String] = []
        func timed(
            _ name: String, _ statistic: String, _ function: ([Duration]) -> Duration?,
            _ path: KeyPath<FailoverBenchmark.Samples, [Duration]>, _ parts: [(String, FailoverBenchmark.Samples)]
        ) {
            let m = function(mixed[keyPath: path])
            let k = function(keepalived[keyPath: path])
            let split = parts.map { label, part in
                let value = function(part[keyPath: path])
                return
                    "\(label): \(value?.labText ?? "none") (n=\(part[keyPath: path].count)), ratio \(Self.ratio(value, k))"
            }
            lines.append(
                "mixed pair \(name), \(statistic): pulse+keepalived \(m?.labText ?? "none") (n=\(mixed[keyPath: path].count)) "
                    + "[\(split.joined(separator: "; "))] | keepalived pair \(k?.labText ?? "none") "
                    + "(n=\(keepalived[keyPath: path].count)) | ratio \(Self.ratio(m, k)) (\(setting))")
        }
        timed("crash: VIP unanswered", "median", Self.median, \.crashOutages, crashes)
        timed("crash: VIP unanswered", "p95", Self.p95, \.crashOutages, crashes)
        timed("crash: VIP answering again after the crash", "median", Self.median, \.crashResumed, crashes)
        timed("crash: VIP answering again after the crash", "p95", Self.p95, \.crashResumed, crashes)
        let mLost = mixed.handoverUnanswered.reduce(0, +)
        let kLost = keepalived.handoverUnanswered.reduce(0, +)
        let split = handovers.map { label, part in
            "\(label): \(part.handoverUnanswered.reduce(0, +)) of \(part.handoverRequests.reduce(0, +)) in "
                + "\(part.handoverUnanswered.count)"
        }
        lines.append(
            "mixed pair planned hand-over: requests unanswered: pulse+keepalived \(mLost) of "
                + "\(mixed.handoverRequests.reduce(0, +)) in \(mixed.handoverUnanswered.count) (per hand-over "
                + "\(mixed.handoverUnanswered)) [\(split.joined(separator: "; "))] | keepalived pair \(kLost) of "
                + "\(keepalived.handoverRequests.reduce(0, +)) in \(keepalived.handoverUnanswered.count) | ratio "
                + Self.countRatio(mLost, kLost))
        timed("planned hand-over: longest silence", "median", Self.median, \.handoverSilences, handovers)
        timed("planned hand-over: longest silence", "p95", Self.p95, \.handoverSilences, handovers)
        timed("planned hand-over: addresses moved after the request", "median", Self.median, \.handoverDone, handovers)
        timed("planned hand-over: addresses moved after the request", "p95", Self.p95, \.handoverDone, handovers)
        return lines
    }
}

extension LabDaemon {
    /// What runs on a mixed pair's directors, pulse first.
    static let allMixedPrograms: [LabDaemon] = [.pulse, .keepalived]
}

extension FailoverBenchmark.Samples {
    /// Only the crashes of a master that ran `master`.
    func crashes(of master: LabDaemon) -> Self {
        let kept = crashedMasters.indices.filter { crashedMasters[$0] == master }
        var part = Self()
        part.crashOutages = Self.pick(kept, crashOutages)
        part.crashResumed = Self.pick(kept, crashResumed)
        part.crashedMasters = Self.pick(kept, crashedMasters)
        return part
    }

    /// Only the hand-overs from a master that ran `master`.
    func handovers(from master: LabDaemon) -> Self {
        let kept = handoverMasters.indices.filter { handoverMasters[$0] == master }
        var part = Self()
        part.handoverUnanswered = Self.pick(kept, handoverUnanswered)
        part.handoverRequests = Self.pick(kept, handoverRequests)
        part.handoverSilences = Self.pick(kept, handoverSilences)
        part.handoverDone = Self.pick(kept, handoverDone)
        part.handoverMasters = Self.pick(kept, handoverMasters)
        return part
    }

    private static func pick<T>(_ kept: [Int], _ values: [T]) -> [T] {
        kept.compactMap { values.indices.contains($0) ? values[$0] : nil }
    }
}
