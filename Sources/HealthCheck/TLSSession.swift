import CLVSTLS
import DaemonSupport

/// An OpenSSL client session (`SSL`) on a check's connected, non-blocking socket. It does not
/// own the socket: the check closes that after ``shutdown()``.
final class TLSSession {
    /// What one step did.
    enum Step: Equatable {
        /// Done; for reads and writes, how many bytes.
        case done(Int)
        /// Call again when the socket is ready for this.
        case wait(EventLoop.Readiness)
        /// The server ended the stream.
        case closed
        /// It failed: OpenSSL's reason, or the certificate's verify error.
        case failed(TLSFailure)
    }

    /// Why a step failed.
    enum TLSFailure: Equatable {
        /// The certificate did not verify: OpenSSL's verify error (`certificate has expired`).
        case verification(String)
        /// Anything else: OpenSSL's reason (`wrong version number`) or the system error.
        case other(String)

        var text: String {
            switch self {
            case .verification(let reason), .other(let reason): reason
            }
        }
    }

    private let session: OpaquePointer
    // The context must outlive the session (OpenSSL counts its own reference too; this is for clarity).
    private let context: TLSClientContext
    private let verifies: Bool
    private var error = [CChar](repeating: 0, count: 256)

    /// A session on `socket`: SNI and name check for `serverName`, else an IP address check for
    /// `ipAddress` (when the context verifies, as `verifies` says).
    init(
        context: TLSClientContext, socket: Socket, serverName: String?, ipAddress: String, verifies: Bool
    ) throws(TLSSetupError) {
        var error = [CChar](repeating: 0, count: 256)
        let made: OpaquePointer?
        if let serverName {
            made = lvs_tls_session_new(
                context.pointer, socket.descriptor.rawValue, serverName, nil, &error, error.count)
        } else {
            made = lvs_tls_session_new(context.pointer, socket.descriptor.rawValue, nil, ipAddress, &error, error.count)
        }
        guard let made else {
            throw TLSSetupError(what: "TLS session for \(serverName ?? ipAddress)", reason: TLSText.string(error))
        }
        session = made
        self.context = context
        self.verifies = verifies
    }

    deinit {
        lvs_tls_session_free(session)
    }

    /// One step of the handshake.
    func handshake() -> Step {
        let status = lvs_tls_handshake(session, &error, error.count)
        // Without verification OpenSSL still records what it found; it is not why a handshake failed.
        if status == LVS_TLS_FAILED && verifies {
            var verifyError = [CChar](repeating: 0, count: 256)
            if lvs_tls_verify_failure(session, &verifyError, verifyError.count) == 1 {
                return .failed(.verification(TLSText.string(verifyError)))
            }
        }
        return step(status, count: 0)
    }

    /// Reads up to `limit` bytes.
    func read(upTo limit: Int) -> (Step, [UInt8]) {
        var buffer = [UInt8](repeating: 0, count: limit)
        var count = 0
        let status = buffer.withUnsafeMutableBufferPointer {
            lvs_tls_read(session, $0.baseAddress, $0.count, &count, &error, error.count)
        }
        return (step(status, count: count), Array(buffer[..<count]))
    }

    /// Writes some of `bytes`.
    func write(_ bytes: ArraySlice<UInt8>) -> Step {
        var count = 0
        let status = bytes.withUnsafeBufferPointer {
            lvs_tls_write(session, $0.baseAddress, $0.count, &count, &error, error.count)
        }
        return step(status, count: count)
    }

    /// Sends close_notify (once, without waiting for the server's).
    func shutdown() {
        lvs_tls_shutdown(session)
    }

    private func step(_ status: lvs_tls_status, count: Int) -> Step {
        switch status {
        case LVS_TLS_DONE: .done(count)
        case LVS_TLS_WANT_READ: .wait(.readable)
        case LVS_TLS_WANT_WRITE: .wait(.writable)
        case LVS_TLS_CLOSED: .closed
        default: .failed(.other(TLSText.string(error)))
        }
    }
}
