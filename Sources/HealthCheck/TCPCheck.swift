import Addressing
import DaemonSupport
import Glibc

/// A TCP check: non-blocking connect, optional send, optional expected reply (Piranha's
/// `pinger()`; connect, send and reply all within the timeout).
public struct TCPCheck: HealthCheck {
    /// The real server's address and port.
    public var endpoint: SocketAddress
    /// Bytes to send once connected (may be empty).
    public var send: [UInt8]
    /// What the reply must look like.
    public var expect: ReplyExpectation

    /// A TCP check of `endpoint`.
    public init(endpoint: SocketAddress, send: [UInt8] = [], expect: ReplyExpectation = .nothing) {
        self.endpoint = endpoint
        self.send = send
        self.expect = expect
    }

    /// The probe Piranha sends to port 80 when nothing is configured: `GET / HTTP/1.0` and a
    /// reply starting with `HTTP`.
    public static func defaultHTTP(endpoint: SocketAddress) -> TCPCheck {
        TCPCheck(endpoint: endpoint, send: Array("GET / HTTP/1.0\r\n\r\n".utf8), expect: .prefix(Array("HTTP".utf8)))
    }

    public var summary: String {
        var text = "TCP \(endpoint)"
        if !send.isEmpty { text += ", send \"\(CheckEscapes.printable(send))\"" }
        if case .nothing = expect {} else { text += ", expect \(expect)" }
        return text
    }

    public func start(_ context: CheckContext, completion: @escaping (CheckResult) -> Void) -> any RunningCheck {
        let run = TCPCheckRun(check: self, context: context, completion: completion)
        run.begin()
        return run
    }
}

final class TCPCheckRun: RunningCheck {
    private enum Phase { case connecting, sending, receiving }

    private let check: TCPCheck
    private let context: CheckContext
    private let completion: CheckCompletion
    private var phase = Phase.connecting
    private var unsent: ArraySlice<UInt8>
    private var received: [UInt8] = []

    init(check: TCPCheck, context: CheckContext, completion: @escaping (CheckResult) -> Void) {
        self.check = check
        self.context = context
        self.completion = CheckCompletion(loop: context.loop, completion: completion)
        unsent = check.send[...]
    }

    private var endpoint: SocketAddress { check.endpoint }

    func begin() {
        completion.armDeadline(after: context.timeout) { [self] in timedOut() }
        switch completion.open(.stream, to: endpoint, on: context.loop) {
        case .failed: return
        case .connected: return connected()
        case .connecting: break
        }
        watchFor(.writable) { [self] in connectFinished() }
    }

    func cancel() {
        completion.cancel()
    }

    private func connectFinished() {
        guard let socket = completion.socket?.socket else { return }
        let error = socket.pendingError()
        if error != 0 { return completion.fail("connect to \(endpoint): \(SystemCallError.describe(errno: error))") }
        connected()
    }

    private func connected() {
        if !unsent.isEmpty {
            phase = .sending
            return sendMore()
        }
        afterSending()
    }

    private func sendMore() {
        guard let socket = completion.socket?.socket else { return }
        let sent: Int
        do {
            guard let count = try socket.send(unsent) else {
                return watchFor(.writable) { [self] in sendMore() }
            }
            sent = count
        } catch {
            return completion.fail("sending to \(endpoint): \(error.reason)")
        }
        unsent = unsent.dropFirst(sent)
        if unsent.isEmpty { return afterSending() }
        watchFor(.writable) { [self] in sendMore() }
    }

    private func afterSending() {
        if case .nothing = check.expect {
            let what =
                check.send.isEmpty
                ? "connected to \(endpoint)" : "connected to \(endpoint) and sent \(check.send.count) bytes"
            return completion.pass(what)
        }
        phase = .receiving
        watchFor(.readable) { [self] in receive() }
    }

    private func receive() {
        guard let socket = completion.socket?.socket else { return }
        let buffer: [UInt8]
        do {
            guard let read = try socket.descriptor.read(upTo: ReplyExpectation.replyLimit - received.count) else {
                return
            }
            buffer = read
        } catch {
            return completion.fail("reading from \(endpoint): \(error.reason)")
        }
        let count = buffer.count
        if count == 0 && received.isEmpty {
            return completion.fail("\(endpoint) closed the connection without replying (expected \(check.expect))")
        }
        received += buffer[..<count]
        let complete = count == 0 || received.count >= ReplyExpectation.replyLimit
        switch check.expect.verdict(on: received, complete: complete) {
        case .matched:
            completion.pass("\(endpoint) replied \"\(CheckEscapes.printable(received))\"")
        case .mismatch(let reason):
            completion.fail("\(endpoint): \(reason)")
        case .needMore:
            break
        }
    }

    private func timedOut() {
        let limit = NannyStateMachine.seconds(context.timeout)
        switch phase {
        case .connecting:
            completion.fail("connect to \(endpoint): no answer within \(limit)")
        case .sending:
            completion.fail("sending to \(endpoint): not accepted within \(limit)")
        case .receiving:
            if received.isEmpty {
                completion.fail("no reply from \(endpoint) within \(limit)")
            } else {
                completion.fail(
                    "\(endpoint): incomplete reply within \(limit): \"\(CheckEscapes.printable(received))\", expected \(check.expect)"
                )
            }
        }
    }

    private func watchFor(_ interest: EventLoop.Readiness, _ handler: @escaping () -> Void) {
        completion.socket?.watch(for: interest, handler)
    }

}
