import Addressing
import DaemonSupport
import Glibc

/// An SMTP check: connect, read the greeting (it must be 220), send `EHLO name` (it must be
/// answered 250), send `QUIT` (221 or a close ends it). Replies may span lines and reads, up to
/// ``SMTPReplyReader/replyLimit`` bytes each; the whole conversation must finish within the
/// timeout.
public struct SMTPCheck: HealthCheck, Sendable {
    /// The mail server's address and port (usually 25).
    public var endpoint: SocketAddress
    /// The name sent with `EHLO` (keepalived's `helo_name`).
    public let heloName: String

    /// The longest `EHLO` name taken: a domain name's limit.
    public static let heloNameLimit = 255

    /// An SMTP check of `endpoint` that introduces itself as `heloName`; nil: this host's name
    /// (``localHeloName()``).
    public init(endpoint: SocketAddress, heloName: String? = nil) throws(SMTPSettingError) {
        self.endpoint = endpoint
        guard let heloName else {
            self.heloName = Self.localHeloName()
            return
        }
        if let reason = Self.problem(with: heloName) { throw .invalidHeloName(heloName, reason: reason) }
        self.heloName = heloName
    }

    /// This host's name, or `localhost` when it has none usable in a command line.
    public static func localHeloName() -> String {
        guard let name = try? HostName.current(), problem(with: name) == nil else { return "localhost" }
        return name
    }

    /// Why `name` cannot follow `EHLO`, or nil when it can.
    static func problem(with name: String) -> String? {
        if name.isEmpty { return "empty" }
        if name.utf8.count > heloNameLimit { return "\(name.utf8.count) bytes, more than \(heloNameLimit)" }
        if let bad = name.utf8.first(where: { !(0x21...0x7E).contains($0) }) {
            return "character 0x\(String(bad, radix: 16)) (only printable ASCII without spaces)"
        }
        return nil
    }

    /// `SMTP 10.0.1.11:25, EHLO director1`.
    public var summary: String { "SMTP \(endpoint), EHLO \(heloName)" }

    public func start(_ context: CheckContext, completion: @escaping (CheckResult) -> Void) -> any RunningCheck {
        let run = SMTPCheckRun(check: self, context: context, completion: completion)
        run.begin()
        return run
    }
}

final class SMTPCheckRun: RunningCheck {
    private enum Phase { case connecting, greeting, hello, quitting }

    private let check: SMTPCheck
    private let context: CheckContext
    private let completion: CheckCompletion
    private var phase = Phase.connecting
    private var reader = SMTPReplyReader()
    private var unsent: ArraySlice<UInt8> = []
    private var greeting: SMTPReply?

    init(check: SMTPCheck, context: CheckContext, completion: @escaping (CheckResult) -> Void) {
        self.check = check
        self.context = context
        self.completion = CheckCompletion(loop: context.loop, completion: completion)
    }

    private var endpoint: SocketAddress { check.endpoint }

    func begin() {
        completion.armDeadline(after: context.timeout) { [self] in timedOut() }
        switch completion.open(.stream, to: endpoint, on: context.loop, connectText: "SMTP connect to") {
        case .failed: return
        case .connected: return connected()
        case .connecting: break
        }
        completion.socket?.watch(for: .writable) { [self] in connectFinished() }
    }

    func cancel() {
        completion.cancel()
    }

    private func connectFinished() {
        guard let socket = completion.socket?.socket else { return }
        let error = socket.pendingError()
        if error != 0 {
            return completion.fail("SMTP connect to \(endpoint): \(SystemCallError.describe(errno: error))")
        }
        connected()
    }

    private func connected() {
        phase = .greeting
        awaitReply()
    }

    private func awaitReply() {
        completion.socket?.watch(for: .readable) { [self] in receive() }
    }

    private func send(_ command: String, then next: Phase) {
        phase = next
        unsent = Array((command + "\r\n").utf8)[...]
        sendMore()
    }

    private func sendMore() {
        guard let socket = completion.socket?.socket else { return }
        do {
            guard let sent = try socket.send(unsent) else {
                completion.socket?.watch(for: .writable) { [self] in sendMore() }
                return
            }
            unsent = unsent.dropFirst(sent)
        } catch {
            // A server that hangs up on QUIT has done what QUIT asks.
            if phase == .quitting { return passed() }
            return completion.fail("SMTP sending \(command(of: phase)) to \(endpoint): \(error.reason)")
        }
        if unsent.isEmpty { return awaitReply() }
        completion.socket?.watch(for: .writable) { [self] in sendMore() }
    }

    private func receive() {
        guard let socket = completion.socket?.socket else { return }
        let bytes: [UInt8]
        do {
            guard let read = try socket.descriptor.read(upTo: SMTPReplyReader.replyLimit) else { return }
            bytes = read
        } catch {
            if phase == .quitting { return passed() }
            return completion.fail("SMTP reading from \(endpoint): \(error.reason)")
        }
        if bytes.isEmpty { return closed() }
        reader.feed(bytes)
        // Each reply moves the phase on; the bound only guards against a runaway loop.
        for _ in 0..<4 {
            guard completion.isPending else { return }
            let reply: SMTPReply
            do {
                guard let next = try reader.next() else { return }
                reply = next
            } catch {
                return completion.fail("SMTP \(endpoint) after \(command(of: phase)): \(error)")
            }
            handle(reply)
        }
    }

    private func handle(_ reply: SMTPReply) {
        switch phase {
        case .connecting:
            break
        case .greeting:
            guard reply.code == 220 else {
                return completion.fail("SMTP \(reply.code) from \(endpoint) (greeting \"\(reply)\"), expected 220")
            }
            greeting = reply
            send("EHLO \(check.heloName)", then: .hello)
        case .hello:
            guard reply.code == 250 else {
                return completion.fail("SMTP EHLO to \(endpoint): \(reply), expected 250")
            }
            send("QUIT", then: .quitting)
        case .quitting:
            guard reply.code == 221 else {
                return completion.fail("SMTP QUIT to \(endpoint): \(reply), expected 221")
            }
            passed()
        }
    }

    private func closed() {
        let partial = reader.hasPartialReply ? " in the middle of a reply" : ""
        switch phase {
        case .connecting, .greeting:
            completion.fail("SMTP \(endpoint) closed the connection\(partial) before its greeting was complete")
        case .hello:
            completion.fail("SMTP \(endpoint) closed the connection\(partial) without answering EHLO")
        case .quitting:
            passed()
        }
    }

    private func passed() {
        let first = greeting?.lines.first.map { CheckEscapes.printable(Array($0.utf8), limit: 120) } ?? ""
        completion.pass("SMTP \(endpoint) greeted \"\(first)\" and accepted EHLO \(check.heloName)")
    }

    private func command(of phase: Phase) -> String {
        switch phase {
        case .connecting, .greeting: "the greeting"
        case .hello: "EHLO"
        case .quitting: "QUIT"
        }
    }

    private func timedOut() {
        let limit = NannyStateMachine.seconds(context.timeout)
        switch phase {
        case .connecting: completion.fail("SMTP connect to \(endpoint): no answer within \(limit)")
        case .greeting: completion.fail("no SMTP greeting from \(endpoint) within \(limit)")
        case .hello: completion.fail("no SMTP reply to EHLO from \(endpoint) within \(limit)")
        case .quitting: completion.fail("no SMTP reply to QUIT from \(endpoint) within \(limit)")
        }
    }
}
