#if canImport(Glibc)
import Glibc
#endif

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
        var fd: Int32
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw LVSConfigReadError(path: path, call: "open", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw LVSConfigReadError(path: path, call: "fstat", errno: errno) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw LVSConfigReadError(path: path, call: "read", errno: EISDIR) }
        guard type == S_IFREG else { throw LVSConfigReadError(path: path, reason: .notARegularFile(FileKind(mode: info.st_mode))) }
        guard Int(info.st_size) <= maximumSize else {
            throw LVSConfigReadError(path: path, reason: .tooLarge(size: Int(info.st_size), limit: maximumSize))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(Int(info.st_size), 0) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LVSConfigReadError(path: path, call: "read", errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            // A file still growing while it is read.
            if bytes.count > maximumSize { throw LVSConfigReadError(path: path, reason: .tooLarge(size: bytes.count, limit: maximumSize)) }
        }
        return bytes
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
