import Addressing
import DaemonSupport
import Glibc

/// A UDP check: send one datagram (the send string, or an empty one) and wait for a reply
/// datagram that meets the expectation (any reply when none is configured). An ICMP port
/// unreachable arrives as `Connection refused` and fails at once.
public struct UDPCheck: HealthCheck {
    /// The real server's address and port.
    public var endpoint: SocketAddress
    /// The datagram to send.
    public var send: [UInt8]
    /// What the reply must look like; ``ReplyExpectation/nothing`` is treated as any reply,
    /// because UDP offers no other sign of life.
    public var expect: ReplyExpectation

    /// A UDP check of `endpoint`.
    public init(endpoint: SocketAddress, send: [UInt8] = [], expect: ReplyExpectation = .anyReply) {
        self.endpoint = endpoint
        self.send = send
        self.expect = expect
    }

    public var summary: String {
        var text = "UDP \(endpoint)"
        if !send.isEmpty { text += ", send \"\(CheckEscapes.printable(send))\"" }
        text += ", expect \(effectiveExpectation)"
        return text
    }

    var effectiveExpectation: ReplyExpectation {
        if case .nothing = expect { return .anyReply }
        return expect
    }

    public func start(_ context: CheckContext, completion: @escaping (CheckResult) -> Void) -> any RunningCheck {
        let run = UDPCheckRun(check: self, context: context, completion: completion)
        run.begin()
        return run
    }
}

final class UDPCheckRun: RunningCheck {
    private let check: UDPCheck
    private let context: CheckContext
    private let completion: CheckCompletion

    init(check: UDPCheck, context: CheckContext, completion: @escaping (CheckResult) -> Void) {
        self.check = check
        self.context = context
        self.completion = CheckCompletion(loop: context.loop, completion: completion)
    }

    private var endpoint: SocketAddress { check.endpoint }

    func begin() {
        completion.armDeadline(after: context.timeout) { [self] in
            completion.fail("no reply from \(endpoint) within \(NannyStateMachine.seconds(context.timeout))")
        }
        // A connected UDP socket hears only its peer, and ICMP errors for it are reported on it.
        guard completion.open(.datagram, to: endpoint, on: context.loop) != .failed,
            let socket = completion.socket?.socket
        else { return }
        do {
            // A datagram that does not fit the socket buffer now is as good as lost on the way.
            _ = try socket.send(check.send)
        } catch {
            return completion.fail("sending to \(endpoint): \(error.reason)")
        }
        completion.socket?.watch(for: .readable) { [self] in receive() }
    }

    func cancel() {
        completion.cancel()
    }

    private func receive() {
        guard let socket = completion.socket?.socket else { return }
        let reply: [UInt8]
        do {
            guard let read = try socket.descriptor.read(upTo: ReplyExpectation.replyLimit) else { return }
            reply = read
        } catch {
            if error.errno == ECONNREFUSED {
                return completion.fail("\(endpoint): port unreachable (Connection refused)")
            }
            return completion.fail("reading from \(endpoint): \(error.reason)")
        }
        switch check.effectiveExpectation.verdict(on: reply, complete: true) {
        case .matched:
            completion.pass("\(endpoint) replied \"\(CheckEscapes.printable(reply))\"")
        case .mismatch(let reason):
            completion.fail("\(endpoint): \(reason)")
        case .needMore:
            completion.fail("\(endpoint): reply \"\(CheckEscapes.printable(reply))\" is incomplete")
        }
    }

}
