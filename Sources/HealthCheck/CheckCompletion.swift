import DaemonSupport

/// Delivers a check's result once, always from a fresh loop turn, and runs its cleanup first.
final class CheckCompletion {
    private var completion: ((CheckResult) -> Void)?
    private let loop: EventLoop
    private var deadline: EventLoop.TimerID?

    init(loop: EventLoop, completion: @escaping (CheckResult) -> Void) {
        self.loop = loop
        self.completion = completion
    }

    /// Whether the result is still awaited.
    var isPending: Bool { completion != nil }

    /// Arms the deadline timer.
    func armDeadline(after timeout: Duration, _ onTimeout: @escaping () -> Void) {
        deadline = loop.schedule(after: timeout, onTimeout)
    }

    /// Delivers `result` on the next loop turn (so never inside the caller's `start`).
    func finish(_ result: CheckResult) {
        guard let completion else { return }
        self.completion = nil
        cancelDeadline()
        loop.schedule(after: .zero) { completion(result) }
    }

    /// Drops the completion without delivering it.
    func cancel() {
        completion = nil
        cancelDeadline()
    }

    private func cancelDeadline() {
        if let deadline { loop.cancel(deadline) }
        deadline = nil
    }
}
