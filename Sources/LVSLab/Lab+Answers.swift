extension Lab {
    /// Waits until `probe` has `count` answers finished at or after `instant` (at most
    /// `timeout`); returns the first of them.
    @discardableResult
    public func waitForAnswers(
        _ probe: AvailabilityProbe, after instant: ContinuousClock.Instant, count: Int, timeout: Duration = .seconds(10)
    ) throws -> ContinuousClock.Instant {
        var first: ContinuousClock.Instant?
        try wait("\(count) answers from http://\(probe.address)/", timeout: timeout) {
            let answers = probe.answerTimes.filter { $0 >= instant }.sorted()
            first = answers.first
            return answers.count >= count ? nil : "\(answers.count) so far"
        }
        return first!
    }
}
