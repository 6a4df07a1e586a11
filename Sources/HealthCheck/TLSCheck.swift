import Addressing
import DaemonSupport

/// A TLS-handshake check: connect, complete the handshake (verifying the certificate when
/// asked: the chain against the trusted CAs, and the SNI name, or else the IP address), then
/// close cleanly. It tests a TLS service that speaks no HTTP, and certificate expiry.
public struct TLSCheck: HealthCheck {
    /// The real server's address and port.
    public let endpoint: SocketAddress
    /// SNI, verification and trusted CAs.
    public let settings: TLSCheckSettings
    // Shared by copies of this value: the SSL_CTX is made once, on the first run.
    private let contextCache = TLSContextCache()

    /// A check of `endpoint`; throws when the server name could not be sent as SNI.
    public init(endpoint: SocketAddress, settings: TLSCheckSettings = TLSCheckSettings()) throws(HTTPCheckError) {
        if let serverName = settings.serverName,
            serverName.isEmpty || serverName.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
        {
            throw HTTPCheckError(what: "TLS server name \"\(serverName)\"", reason: "must be a name without blanks")
        }
        self.endpoint = endpoint
        self.settings = settings
    }

    public var summary: String {
        var text = "TLS handshake with \(endpoint)"
        if let sni = settings.sniText { text += ", \(sni)" }
        text += settings.verifyCertificate ? ", verify" + (settings.caFile.map { " with \($0)" } ?? "") : ", no verify"
        return text
    }

    /// Makes the TLS context now, so that a bad CA file shows at start-up rather than in every
    /// check's result.
    public func prepareTLS() throws(TLSSetupError) {
        _ = try contextCache.context(for: settings)
    }

    public func start(_ context: CheckContext, completion: @escaping (CheckResult) -> Void) -> any RunningCheck {
        let run = TLSCheckRun(check: self, cache: contextCache, context: context, completion: completion)
        run.begin()
        return run
    }
}

/// One run of a ``TLSCheck``.
final class TLSCheckRun: RunningCheck {
    private let check: TLSCheck
    private let context: CheckContext
    private let completion: CheckCompletion
    private let connector: CheckConnector

    init(
        check: TLSCheck, cache: TLSContextCache, context: CheckContext, completion: @escaping (CheckResult) -> Void
    ) {
        self.check = check
        self.context = context
        self.completion = CheckCompletion(loop: context.loop, completion: completion)
        connector = CheckConnector(
            endpoint: check.endpoint, tls: (check.settings, cache), completion: self.completion, loop: context.loop)
    }

    func begin() {
        completion.armDeadline(after: context.timeout) { [self] in timedOut() }
        connector.begin { [weak self] session in
            guard let self else { return }
            session?.shutdown()
            let verified = check.settings.verifyCertificate ? "certificate verified" : "certificate not verified"
            completion.pass("\(CheckConnector.handshakeName(check.endpoint, check.settings)) completed, \(verified)")
        }
    }

    func cancel() {
        completion.cancel()
    }

    private func timedOut() {
        let limit = NannyStateMachine.seconds(context.timeout)
        completion.fail(
            connector.timeoutReason(limit: limit)
                ?? "\(CheckConnector.handshakeName(check.endpoint, check.settings)): no answer within \(limit)")
    }
}
