/// What nanny `--fos` decides from each check of a failover service, pure: the service runs on
/// this director (the fos daemon started it), so there is no weight and nothing to report to
/// lvsd; nanny's only verdict is "fail over", by exiting.
///
/// - Before the service has ever answered, two failed checks in a row mean it did not come up
///   (Piranha's "Timeout waiting for remote service"); one may fail while it is still starting.
/// - Once it has answered, `fall` failed checks in a row (default 1) mean it failed.
public struct FailoverServiceWatch: Sendable {
    /// Why nanny stops watching.
    public enum Verdict: Equatable, Sendable {
        /// The service answered once and then failed `fall` checks in a row; the last reason.
        case failed(String)
        /// The service never answered: two checks in a row failed after the start; the last reason.
        case neverAnswered(String)
    }

    /// Failed checks in a row that end the watch once the service has answered.
    public let fall: Int
    /// Whether the service has passed a check.
    public private(set) var hasAnswered = false
    /// Failed checks in a row so far.
    public private(set) var failuresInARow = 0

    /// Checks before the first answer that may fail in a row without a verdict.
    public static let startupFailuresAllowed = 1

    /// A watch that fails over after `fall` failed checks in a row (at least 1).
    public init(fall: Int) { self.fall = max(1, fall) }

    /// Takes one check's result; returns the verdict when the watch ends, with a line to log when
    /// something changed (the first answer, a failure that is not yet a verdict).
    public mutating func checkCompleted(_ result: CheckResult) -> (verdict: Verdict?, note: String?) {
        switch result {
        case .passed(let detail):
            defer {
                hasAnswered = true
                failuresInARow = 0
            }
            if !hasAnswered { return (nil, "answers: \(detail)") }
            return (nil, failuresInARow > 0 ? "passing again after \(failuresInARow) failed check(s)" : nil)
        case .failed(let reason):
            failuresInARow += 1
            if hasAnswered {
                if failuresInARow >= fall { return (.failed(reason), nil) }
                return (nil, "failed check \(failuresInARow) of \(fall): \(reason)")
            }
            if failuresInARow > Self.startupFailuresAllowed { return (.neverAnswered(reason), nil) }
            return (nil, "not answering yet: \(reason)")
        }
    }
}
