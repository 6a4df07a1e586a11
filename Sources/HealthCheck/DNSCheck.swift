import Addressing
import CheckVocabulary
import DaemonSupport
import Glibc

/// A DNS check: one query over UDP, and the response must carry the expected response code and,
/// when one is given, the expected answer. Replies with another id or from another address are
/// ignored (the check keeps waiting until its deadline); an ICMP port unreachable fails at once.
/// Defaults as keepalived's `DNS_CHECK`: the root's SOA.
public struct DNSCheck: HealthCheck, Sendable {
    /// The DNS server's address and port (usually 53).
    public var endpoint: SocketAddress
    /// The name asked about.
    public var name: DomainName
    /// The type asked for.
    public var type: DNSRecordType
    /// The response code that passes.
    public var expectedCode: DNSResponseCode
    /// An answer one record of the asked type must equal; nil: any answers, or none.
    public var expectedAnswer: DNSExpectedAnswer?

    /// The largest reply read: a plain DNS datagram is at most 512 bytes, EDNS rarely sends more
    /// than this without being asked.
    static let replyLimit = 4096

    /// A DNS check of `endpoint`.
    public init(
        endpoint: SocketAddress, name: DomainName = .root, type: DNSRecordType = .soa,
        expectedCode: DNSResponseCode = .noError, expectedAnswer: DNSExpectedAnswer? = nil
    ) {
        self.endpoint = endpoint
        self.name = name
        self.type = type
        self.expectedCode = expectedCode
        self.expectedAnswer = expectedAnswer
    }

    /// `DNS www.example.com A to 10.0.1.11:53, expect NOERROR, answer 10.0.0.1`.
    public var summary: String {
        var text = "DNS \(name) \(type) to \(endpoint), expect \(expectedCode)"
        if let expectedAnswer { text += ", answer \(expectedAnswer)" }
        return text
    }

    public func start(_ context: CheckContext, completion: @escaping (CheckResult) -> Void) -> any RunningCheck {
        let run = DNSCheckRun(
            check: self, query: DNSQuery(name: name, type: type), context: context, completion: completion)
        run.begin()
        return run
    }

    /// Judges a response to `query`: first the code, then the expected answer.
    public func verdict(on response: DNSResponse, to query: DNSQuery) -> CheckResult {
        let label = "DNS \(query) from \(endpoint)"
        guard response.code == expectedCode else {
            return .failed("\(label): \(response.code), expected \(expectedCode)")
        }
        let records = response.answers(for: query)
        guard let expectedAnswer else {
            guard let first = records.first else { return .passed("\(label): \(response.code), no \(type) answer") }
            let more = records.count > 1 ? " and \(records.count - 1) more" : ""
            return .passed("\(label): \(response.code), \(first.data)\(more)")
        }
        if let match = records.first(where: { expectedAnswer.matches($0.data) }) {
            return .passed("\(label): \(response.code), \(match.data)")
        }
        if records.isEmpty {
            let cut = response.isTruncated ? " (reply truncated)" : ""
            return .failed("\(label): no \(type) answer\(cut), expected \(expectedAnswer)")
        }
        let shown = records.prefix(4).map(\.data.description)
        let list =
            records.count == 1
            ? "answer \(shown[0])"
            : "answers " + shown.joined(separator: ", ") + (records.count > 4 ? " and \(records.count - 4) more" : "")
        return .failed("\(label): \(list), expected \(expectedAnswer)")
    }
}

final class DNSCheckRun: RunningCheck {
    private let check: DNSCheck
    private let query: DNSQuery
    private let context: CheckContext
    private let completion: CheckCompletion
    private var ignored = 0

    init(check: DNSCheck, query: DNSQuery, context: CheckContext, completion: @escaping (CheckResult) -> Void) {
        self.check = check
        self.query = query
        self.context = context
        self.completion = CheckCompletion(loop: context.loop, completion: completion)
    }

    private var endpoint: SocketAddress { check.endpoint }

    func begin() {
        completion.armDeadline(after: context.timeout) { [self] in timedOut() }
        // A connected UDP socket hears only its peer, and ICMP errors for it are reported on it.
        guard completion.open(.datagram, to: endpoint, on: context.loop) != .failed,
            let socket = completion.socket?.socket
        else { return }
        do {
            // A query that does not fit the socket buffer now is as good as lost on the way.
            _ = try socket.send(query.wire)
        } catch {
            return completion.fail("sending DNS query \(query) to \(endpoint): \(error.reason)")
        }
        completion.socket?.watch(for: .readable) { [self] in receive() }
    }

    func cancel() {
        completion.cancel()
    }

    private func receive() {
        // Bounded: what is left waits for the next readiness.
        for _ in 0..<16 {
            guard completion.isPending, let socket = completion.socket?.socket else { return }
            let datagram: (bytes: [UInt8], source: SocketAddress?)
            do {
                guard let received = try socket.receive(upTo: DNSCheck.replyLimit) else { return }
                datagram = received
            } catch {
                if error.errno == ECONNREFUSED {
                    return completion.fail("DNS \(query) to \(endpoint): port unreachable (Connection refused)")
                }
                return completion.fail("reading DNS reply from \(endpoint): \(error.reason)")
            }
            guard datagram.source == endpoint, datagram.bytes.count >= 2 else {
                ignored += 1
                continue
            }
            do {
                let response = try DNSResponse(decoding: datagram.bytes, answering: query)
                return completion.finish(check.verdict(on: response, to: query))
            } catch .idMismatch {
                ignored += 1
            } catch {
                return completion.fail("DNS \(query) from \(endpoint): malformed reply: \(error)")
            }
        }
    }

    private func timedOut() {
        let limit = NannyStateMachine.seconds(context.timeout)
        let strays = ignored == 0 ? "" : "; ignored \(ignored) stray \(ignored == 1 ? "reply" : "replies")"
        completion.fail("no DNS reply from \(endpoint) within \(limit) (\(query)\(strays))")
    }
}
