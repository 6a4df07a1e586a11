import Addressing
import DaemonSupport

/// Opens a check's connection: a non-blocking TCP connect and, for TLS, the handshake (with
/// certificate verification when asked), all on the loop. Failures go straight to the check's
/// completion with texts naming the server; the deadline's text comes from
/// ``timeoutReason(limit:)``.
final class CheckConnector {
    enum Phase { case connecting, handshaking, connected }

    private let endpoint: SocketAddress
    private let tls: (settings: TLSCheckSettings, cache: TLSContextCache)?
    private let completion: CheckCompletion
    private let loop: EventLoop
    private(set) var phase = Phase.connecting
    private var ready: ((TLSSession?) -> Void)?
    /// The session once the handshake has started (kept by the check for reads and writes).
    private(set) var session: TLSSession?

    init(
        endpoint: SocketAddress, tls: (settings: TLSCheckSettings, cache: TLSContextCache)?,
        completion: CheckCompletion, loop: EventLoop
    ) {
        self.endpoint = endpoint
        self.tls = tls
        self.completion = completion
        self.loop = loop
    }

    /// `TLS handshake with 10.0.1.11:443 (SNI www.example.com)`.
    static func handshakeName(_ endpoint: SocketAddress, _ settings: TLSCheckSettings) -> String {
        "TLS handshake with \(endpoint)" + (settings.sniText.map { " (\($0))" } ?? "")
    }

    /// Connects (and shakes hands); calls `onReady` with the TLS session, or nil for plain TCP.
    func begin(onReady: @escaping (TLSSession?) -> Void) {
        ready = onReady
        switch completion.open(.stream, to: endpoint, on: loop) {
        case .failed: return
        case .connected: return connected()
        case .connecting: break
        }
        completion.socket?.watch(for: .writable) { [self] in connectFinished() }
    }

    /// What to say when the deadline passes before the connection is ready; nil once it is.
    func timeoutReason(limit: String) -> String? {
        switch phase {
        case .connecting: "connect to \(endpoint): no answer within \(limit)"
        case .handshaking: "\(Self.handshakeName(endpoint, tls!.settings)): no answer within \(limit)"
        case .connected: nil
        }
    }

    private func connectFinished() {
        guard let socket = completion.socket?.socket else { return }
        let error = socket.pendingError()
        if error != 0 { return completion.fail("connect to \(endpoint): \(SystemCallError.describe(errno: error))") }
        connected()
    }

    private func connected() {
        guard let tls, let socket = completion.socket?.socket else { return done(nil) }
        phase = .handshaking
        do {
            let context = try tls.cache.context(for: tls.settings)
            session = try TLSSession(
                context: context, socket: socket, serverName: tls.settings.serverName,
                ipAddress: endpoint.address.description, verifies: tls.settings.verifyCertificate)
        } catch {
            return completion.fail("\(Self.handshakeName(endpoint, tls.settings)): \(error)")
        }
        shakeHands()
    }

    private func shakeHands() {
        guard let session, let tls, completion.isPending else { return }
        switch session.handshake() {
        case .done:
            done(session)
        case .wait(let interest):
            completion.socket?.watch(for: interest) { [self] in shakeHands() }
        case .closed:
            completion.fail("\(Self.handshakeName(endpoint, tls.settings)): the server closed the connection")
        case .failed(.verification(let reason)):
            completion.fail("\(Self.handshakeName(endpoint, tls.settings)): \(reason)")
        case .failed(.other(let reason)):
            completion.fail("\(Self.handshakeName(endpoint, tls.settings)): handshake failed: \(reason)")
        }
    }

    private func done(_ session: TLSSession?) {
        phase = .connected
        let ready = self.ready
        self.ready = nil
        ready?(session)
    }
}
