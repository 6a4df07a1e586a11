import DaemonSupport
import Glibc

/// A file lvsweb needs could not be used: what was done, to which file, and why.
public struct WebFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// "reading the password file".
    public var operation: String
    /// The file.
    public var path: String
    /// Why.
    public var reason: String

    /// An error.
    public init(operation: String, path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    /// `reading the password file /etc/…: mode 0644 lets others read it (…)`.
    public var description: String { "\(operation) \(path): \(reason)" }

    static func reading(_ path: String, limit: Int) throws(WebFileError) -> RegularFile.Contents {
        do {
            return try RegularFile.contents(path, limit: limit)
        } catch {
            throw WebFileError(operation: "reading", path: path, reason: error.description)
        }
    }

    /// Refuses a file that group or others may read or write.
    static func requirePrivate(_ path: String, mode: mode_t, hint: String) throws(WebFileError) {
        let permissions = mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw WebFileError(
                operation: "checking", path: path,
                reason: "mode \(String(permissions, radix: 8)) lets other users read or write it (\(hint))")
        }
    }
}
