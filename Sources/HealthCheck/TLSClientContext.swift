import CLVSTLS

/// An OpenSSL client context (`SSL_CTX`): the verify mode and the trusted certificates, made
/// once per check and shared by its runs' sessions.
final class TLSClientContext {
    let pointer: OpaquePointer

    /// A context for `settings`; throws when the trusted certificates cannot be loaded.
    init(_ settings: TLSCheckSettings) throws(TLSSetupError) {
        var error = [CChar](repeating: 0, count: 256)
        let made: OpaquePointer?
        if let caFile = settings.caFile {
            made = lvs_tls_context_new(settings.verifyCertificate ? 1 : 0, caFile, &error, error.count)
        } else {
            made = lvs_tls_context_new(settings.verifyCertificate ? 1 : 0, nil, &error, error.count)
        }
        guard let made else {
            let store = settings.caFile.map { "CA file \($0)" } ?? "the system's CA store"
            throw TLSSetupError(what: "TLS client context with \(store)", reason: TLSText.string(error))
        }
        pointer = made
    }

    deinit {
        lvs_tls_context_free(pointer)
    }
}

/// Makes a check's TLS context on first use and keeps it for later runs; a failure is not kept
/// (the CA file may be fixed before the next run).
final class TLSContextCache {
    private var context: TLSClientContext?

    /// The context for `settings`.
    func context(for settings: TLSCheckSettings) throws(TLSSetupError) -> TLSClientContext {
        if let context { return context }
        let made = try TLSClientContext(settings)
        context = made
        return made
    }
}

/// TLS could not be set up (not the server's fault).
public struct TLSSetupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being set up.
    public var what: String
    /// OpenSSL's reason.
    public var reason: String

    public var description: String { "setting up the \(what): \(reason)" }
}

/// C strings from the TLS shim.
enum TLSText {
    /// The NUL-terminated text in `buffer`.
    static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
