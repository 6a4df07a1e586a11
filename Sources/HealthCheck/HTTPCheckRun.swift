import CheckVocabulary
import DaemonSupport

/// One run of an ``HTTPCheck``: connect (and TLS handshake), send the request, read and parse
/// the response until it is complete, all within one deadline.
final class HTTPCheckRun: RunningCheck {
    private enum Phase { case connecting, sending, receiving }

    /// How many reads one readiness event may do: TLS can hold decrypted bytes the socket's
    /// readiness does not show, so a wake reads until the socket would block, up to this.
    private static let readsPerWake = 64
    private static let readSize = 16 * 1024

    private let check: HTTPCheck
    private let context: CheckContext
    private let completion: CheckCompletion
    private let connector: CheckConnector
    private let parser: HTTPResponseParser
    private var phase = Phase.connecting
    private var session: TLSSession?
    /// What the socket's watch waits for now (TLS may need a write while reading).
    private var watching: EventLoop.Readiness?
    private var unsent: ArraySlice<UInt8>

    init(
        check: HTTPCheck, tls: (settings: TLSCheckSettings, cache: TLSContextCache)?, context: CheckContext,
        completion: @escaping (CheckResult) -> Void
    ) {
        self.check = check
        self.context = context
        self.completion = CheckCompletion(loop: context.loop, completion: completion)
        connector = CheckConnector(endpoint: check.endpoint, tls: tls, completion: self.completion, loop: context.loop)
        parser = HTTPResponseParser(headRequest: check.method == .head, digest: check.expectedDigest != nil)
        unsent = check.request[...]
    }

    func begin() {
        completion.armDeadline(after: context.timeout) { [self] in timedOut() }
        // Weak: the deadline keeps the run alive while it is pending; afterwards nothing needs it.
        connector.begin { [weak self] session in
            guard let self else { return }
            self.session = session
            phase = .sending
            sendMore()
        }
    }

    func cancel() {
        completion.cancel()
    }

    private func sendMore() {
        guard completion.isPending, let socket = completion.socket?.socket else { return }
        while !unsent.isEmpty {
            let sent: Int
            if let session {
                switch session.write(unsent) {
                case .done(let count): sent = count
                case .wait(let interest): return watchFor(interest) { [self] in sendMore() }
                case .closed:
                    return completion.fail("sending the request to \(check.target): the server closed the connection")
                case .failed(let failure):
                    return completion.fail("sending the request to \(check.target): \(failure.text)")
                }
            } else {
                do {
                    guard let count = try socket.send(unsent) else {
                        return watchFor(.writable) { [self] in sendMore() }
                    }
                    sent = count
                } catch {
                    return completion.fail("sending the request to \(check.target): \(error.reason)")
                }
            }
            unsent = unsent.dropFirst(sent)
        }
        phase = .receiving
        watchFor(.readable) { [self] in receive() }
        receive()
    }

    private func receive() {
        guard completion.isPending, let socket = completion.socket?.socket else { return }
        for _ in 0..<Self.readsPerWake {
            let chunk: [UInt8]
            if let session {
                let (step, bytes) = session.read(upTo: Self.readSize)
                switch step {
                case .done: chunk = bytes
                case .wait(let interest):
                    if interest != watching { watchFor(interest) { [self] in receive() } }
                    return
                case .closed: return judge(parser.finish())
                case .failed(let failure): return completion.fail("reading from \(check.target): \(failure.text)")
                }
            } else {
                do {
                    guard let read = try socket.descriptor.read(upTo: Self.readSize) else { return }
                    if read.isEmpty { return judge(parser.finish()) }
                    chunk = read
                } catch {
                    return completion.fail("reading from \(check.target): \(error.reason)")
                }
            }
            let progress = parser.feed(chunk)
            if progress != .needMore { return judge(progress) }
        }
        // More may be buffered: go on in the next loop turn rather than starve other work.
        context.loop.schedule(after: .zero) { [weak self] in self?.receive() }
    }

    private func judge(_ progress: HTTPResponseParser.Progress) {
        switch progress {
        case .needMore:
            break
        case .malformed(let reason):
            if parser.receivedBytes == 0 {
                completion.fail("no HTTP response from \(check.target): the server closed the connection")
            } else {
                completion.fail("bad HTTP response from \(check.target): \(reason)")
            }
        case .complete(let response):
            if let problem = check.problem(with: response) { return completion.fail(problem) }
            // The response is in; a clean TLS close is courtesy, not a condition.
            session?.shutdown()
            completion.pass("HTTP \(response.status) from \(check.target)")
        }
    }

    private func timedOut() {
        let limit = NannyStateMachine.seconds(context.timeout)
        if let reason = connector.timeoutReason(limit: limit) { return completion.fail(reason) }
        switch phase {
        case .connecting, .sending:
            completion.fail("sending the request to \(check.target): not accepted within \(limit)")
        case .receiving:
            completion.fail(
                "no complete HTTP response from \(check.target) within \(limit) (\(parser.progressDescription))")
        }
    }

    private func watchFor(_ interest: EventLoop.Readiness, _ handler: @escaping () -> Void) {
        watching = interest
        completion.socket?.watch(for: interest) { handler() }
    }
}
