import Addressing
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

    /// How ``open(_:to:on:connectText:)`` went.
    enum Opening {
        /// Connected at once (always so for a datagram socket).
        case connected
        /// Connecting: the socket becomes writable when it is done.
        case connecting
        /// Failed; the check has failed with the reason.
        case failed
    }

    /// Opens a non-blocking socket of `kind` to `endpoint` as the check's ``socket`` and starts
    /// connecting it (for UDP: sets its peer, so ICMP errors for it are reported on it). A failure
    /// fails the check, naming the step (`connectText`, such as "connect to" or "SMTP connect to").
    func open(
        _ kind: Socket.Kind, to endpoint: SocketAddress, on loop: EventLoop, connectText: String = "connect to"
    ) -> Opening {
        let opened: Socket
        do {
            opened = try Socket(for: endpoint, kind, nonBlocking: true)
        } catch {
            fail("socket for \(endpoint): \(error.reason)")
            return .failed
        }
        socket = CheckSocket(opened, loop: loop)
        do {
            return try opened.connect(to: endpoint) ? .connected : .connecting
        } catch {
            fail("\(connectText) \(endpoint): \(error.reason)")
            return .failed
        }
    }

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
