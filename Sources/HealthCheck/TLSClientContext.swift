import CLVSTLS
import DaemonSupport
import Synchronization

/// An OpenSSL client context (`SSL_CTX`): the verify mode and the trusted certificates, shared by
/// every check of the process with the same ones (``TLSClientContextTable``). OpenSSL allows
/// sessions to be made from one context on several threads.
final class TLSClientContext: @unchecked Sendable {
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

/// Finds a check's TLS context on first use and keeps it for later runs; a failure is not kept
/// (the CA file may be fixed before the next run).
final class TLSContextCache {
    private var context: TLSClientContext?

    /// The context for `settings`.
    func context(for settings: TLSCheckSettings) throws(TLSSetupError) -> TLSClientContext {
        if let context { return context }
        let made = try TLSClientContextTable.shared.context(for: settings)
        context = made
        return made
    }
}

/// The process's TLS client contexts, by what makes one differ: the verify mode and the CA file
/// as it is on disk (a replaced or edited file gets a new context).
///
/// Making a context is OpenSSL's costliest step in memory (its algorithm tables are fetched and
/// referenced). A nanny forked from the fork server finds the context the server made for the
/// same settings just before forking it, so hundreds of nannies share one instead of each
/// writing its own over the pages they share with the server.
final class TLSClientContextTable: Sendable {
    static let shared = TLSClientContextTable()

    private struct Key: Hashable {
        var verify: Bool
        var caFile: String?
        var version: FileVersion?
    }

    private let contexts = Mutex<[Key: TLSClientContext]>([:])

    /// The context for `settings`, made if there is none yet.
    func context(for settings: TLSCheckSettings) throws(TLSSetupError) -> TLSClientContext {
        let key = Key(
            verify: settings.verifyCertificate, caFile: settings.caFile,
            version: settings.caFile.flatMap(FileVersion.init(path:)))
        if let found = contexts.withLock({ $0[key] }) { return found }
        let made = try TLSClientContext(settings)
        return contexts.withLock { table in
            if let raced = table[key] { return raced }
            table[key] = made
            return made
        }
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
