import DaemonSupport

/// Delivers a check's result once, always from a fresh loop turn, and closes the check's socket
/// first.
final class CheckCompletion {
    private var completion: ((CheckResult) -> Void)?
    private let loop: EventLoop
    private var deadline: EventLoop.TimerID?
    /// The check's socket, closed once the result is known or the check is cancelled.
    var socket: CheckSocket?

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
        closeSocket()
        guard let completion else { return }
        self.completion = nil
        cancelDeadline()
        loop.schedule(after: .zero) { completion(result) }
    }

    /// Delivers a pass with `detail`.
    func pass(_ detail: String) { finish(.passed(detail)) }

    /// Delivers a failure with `reason`.
    func fail(_ reason: String) { finish(.failed(reason)) }

    /// Drops the completion without delivering it.
    func cancel() {
        closeSocket()
        completion = nil
        cancelDeadline()
    }

    private func closeSocket() {
        socket?.close()
        socket = nil
    }

    private func cancelDeadline() {
        if let deadline { loop.cancel(deadline) }
        deadline = nil
    }
}
