/// What an availability probe saw between its start and its stop: when the VIP answered, when it
/// did not, for how long. Pure.
public struct ProbeRecord: Sendable, Hashable {
    /// When probing began.
    public var start: ContinuousClock.Instant
    /// When probing ended.
    public var end: ContinuousClock.Instant
    /// Every request, in the order they finished.
    public var samples: [ProbeSample]

    /// A record.
    public init(start: ContinuousClock.Instant, end: ContinuousClock.Instant, samples: [ProbeSample]) {
        self.start = start
        self.end = end
        self.samples = samples
    }

    /// The answered requests' finish times, in order.
    public var answerTimes: [ContinuousClock.Instant] { samples.filter { $0.server != nil }.map(\.finished).sorted() }

    /// How many requests were answered.
    public var answered: Int { samples.count { $0.server != nil } }
    /// How many were not.
    public var unanswered: Int { samples.count { $0.server == nil } }

    /// The longest time without an answer: between two answers, or from the start to the first
    /// answer, or from the last answer to the end. Its resolution is the probe's interval.
    public var longestSilence: (from: ContinuousClock.Instant, to: ContinuousClock.Instant) {
        let points = [start] + answerTimes.filter { $0 >= start && $0 <= end } + [end]
        var best = (from: start, to: start)
        for (earlier, later) in zip(points, points.dropFirst()) where later - earlier > best.to - best.from {
            best = (earlier, later)
        }
        return best
    }

    /// ``longestSilence`` as a duration.
    public var longestSilenceDuration: Duration { longestSilence.to - longestSilence.from }

    /// The first answer at or after `instant`, if any.
    public func firstAnswer(after instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        answerTimes.first { $0 >= instant }
    }

    /// The last answer before `instant`, if any.
    public func lastAnswer(before instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        answerTimes.last { $0 < instant }
    }

    /// How many answers each real server gave.
    public var answersByServer: [String: Int] {
        samples.reduce(into: [:]) { counts, sample in
            if let server = sample.server { counts[server, default: 0] += 1 }
        }
    }

    /// The distinct reasons of the failures, most frequent first, with their counts.
    public var failureReasons: [(reason: String, count: Int)] {
        let counts = samples.reduce(into: [String: Int]()) { counts, sample in
            if sample.server == nil { counts[sample.failure ?? "no answer", default: 0] += 1 }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
