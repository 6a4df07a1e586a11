#if canImport(Glibc)
import Glibc
#endif
import DaemonSupport
import Heartbeat
import LVSConfig

/// Reads `heartbeat_key_file`: its bytes and permission bits, checked by ``HeartbeatKey``.
public enum HeartbeatKeyFile {
    /// The key in the file at `path`. Throws with the path and the reason: missing, unreadable,
    /// not a regular file, readable by others, too short, too long.
    public static func read(_ path: String) throws(HeartbeatKeyFileError) -> HeartbeatKey {
        let fd: Int32
        do {
            // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
            fd = try SystemCall.run("open") { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        } catch {
            throw .unreadable(path: path, error)
        }
        let descriptor = FileDescriptor(rawValue: fd)
        defer { descriptor.closeQuietly() }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, SystemCallError(call: "fstat", errno: errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notAFile(path: path, FileKind(mode: info.st_mode)) }
        var bytes: [UInt8] = []
        while true {
            let chunk: [UInt8]?
            do {
                chunk = try descriptor.read(upTo: 8192)
            } catch {
                throw .unreadable(path: path, error)
            }
            guard let chunk, !chunk.isEmpty else { break }
            bytes += chunk
            // Far beyond the longest key: stop reading and let the length check refuse it.
            if bytes.count > HeartbeatKey.maximumLength + 2 { break }
        }
        do {
            return try HeartbeatKey(contents: bytes, path: path, mode: UInt32(info.st_mode))
        } catch {
            throw .invalid(error)
        }
    }
}

/// A key file that cannot be used.
public enum HeartbeatKeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, SystemCallError)
    /// The path is not a regular file.
    case notAFile(path: String, FileKind)
    /// The contents or the permissions are wrong.
    case invalid(HeartbeatKeyError)

    public var description: String {
        switch self {
        case .unreadable(let path, let error):
            "reading heartbeat key file \(path): \(error.call): \(error.reason)"
        case .notAFile(let path, let kind):
            "reading heartbeat key file \(path): not a regular file (it is \(kind.rawValue))"
        case .invalid(let error):
            error.description
        }
    }
}
