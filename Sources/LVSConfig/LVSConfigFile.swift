#if canImport(Glibc)
import Glibc
#endif

/// Reads an lvs.cf file's bytes: the one piece of file I/O the daemons and `lvsctl` share.
public enum LVSConfigFile {
    /// Where Piranha and this suite look for the configuration.
    public static let defaultPath = "/etc/sysconfig/ha/lvs.cf"

    /// The whole file. Throws with the path and the system's reason.
    public static func read(_ path: String) throws(LVSConfigReadError) -> [UInt8] {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw LVSConfigReadError(path: path, call: "open", errno: errno) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw LVSConfigReadError(path: path, call: "read", errno: EISDIR)
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
        }
        return bytes
    }
}

/// A configuration file that could not be read.
public struct LVSConfigReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The system call that failed (`open`, `read`).
    public var call: String
    /// The `errno` it set.
    public var errno: Int32

    /// Creates an error.
    public init(path: String, call: String, errno: Int32) {
        self.path = path
        self.call = call
        self.errno = errno
    }

    /// `reading /etc/sysconfig/ha/lvs.cf: No such file or directory`.
    public var description: String {
        "reading \(path): \(String(cString: strerror(errno)))"
    }
}
