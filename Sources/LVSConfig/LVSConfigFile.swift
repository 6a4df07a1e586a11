#if canImport(Glibc)
import Glibc
#endif
import DaemonSupport

/// Reads an lvs.cf file's bytes: the one piece of file I/O the daemons and `lvsctl` share.
public enum LVSConfigFile {
    /// Where Piranha and this suite look for the configuration.
    public static let defaultPath = "/etc/sysconfig/ha/lvs.cf"

    /// The largest file read: far beyond a file with 10,000 virtual services (about 3 MiB), and
    /// small enough that a wrong path cannot exhaust memory.
    public static let maximumSize = 64 << 20

    /// The whole file. Only a regular file of at most ``maximumSize`` bytes is read: a FIFO would
    /// block the reader until someone writes to it, and `/dev/zero` would never end. Throws with
    /// the path and the reason.
    public static func read(_ path: String) throws(LVSConfigReadError) -> [UInt8] {
        do {
            return try RegularFile.read(path, limit: maximumSize)
        } catch {
            switch error {
            case .system(let cause): throw LVSConfigReadError(path: path, call: cause.call, errno: cause.errno)
            case .notARegularFile(_, let kind): throw LVSConfigReadError(path: path, reason: .notARegularFile(kind))
            case .tooLarge(_, let size, let limit):
                throw LVSConfigReadError(path: path, reason: .tooLarge(size: size, limit: limit))
            }
        }
    }
}

/// A configuration file that could not be read.
public struct LVSConfigReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why.
    public enum Reason: Hashable, Sendable {
        /// A system call failed.
        case system(call: String, errno: Int32)
        /// The path is not a regular file.
        case notARegularFile(FileKind)
        /// The file is larger than the limit.
        case tooLarge(size: Int, limit: Int)
    }

    /// The file.
    public var path: String
    /// Why it could not be read.
    public var reason: Reason

    /// Creates an error.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// A system call's failure.
    public init(path: String, call: String, errno: Int32) {
        self.init(path: path, reason: .system(call: call, errno: errno))
    }

    /// `reading /etc/sysconfig/ha/lvs.cf: No such file or directory`.
    public var description: String {
        switch reason {
        case .system(_, let errno):
            "reading \(path): \(String(cString: strerror(errno)))"
        case .notARegularFile(let kind):
            "reading \(path): not a regular file (it is \(kind.rawValue))"
        case .tooLarge(let size, let limit):
            "reading \(path): \(size) bytes, more than the \(limit >> 20) MiB an lvs.cf may have"
        }
    }
}
