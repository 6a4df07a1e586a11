/// One request of the availability probe.
public struct ProbeSample: Sendable, Hashable {
    /// When it was sent.
    public var started: ContinuousClock.Instant
    /// When it was answered or given up.
    public var finished: ContinuousClock.Instant
    /// The real server that answered; nil when there was no answer.
    public var server: String?
    /// Why there was no answer.
    public var failure: String?

    /// A sample.
    public init(
        started: ContinuousClock.Instant, finished: ContinuousClock.Instant, server: String?, failure: String? = nil
    ) {
        self.started = started
        self.finished = finished
        self.server = server
        self.failure = failure
    }
}
