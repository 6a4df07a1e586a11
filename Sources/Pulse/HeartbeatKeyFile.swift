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
        let contents: RegularFile.Contents
        do {
            // Far beyond the longest key: stop reading and let the length check refuse it.
            contents = try RegularFile.contents(path, limit: HeartbeatKey.maximumLength + 2, beyondLimit: .truncate)
        } catch {
            switch error {
            case .system(let cause) where cause.errno == EISDIR: throw .notAFile(path: path, .directory)
            case .system(let cause):
                throw .unreadable(path: path, SystemCallError(call: cause.call, errno: cause.errno))
            case .notARegularFile(_, let kind): throw .notAFile(path: path, kind)
            case .tooLarge: throw .unreadable(path: path, SystemCallError(call: "read", errno: EFBIG))
            }
        }
        let bytes = contents.bytes
        do {
            return try HeartbeatKey(contents: bytes, path: path, mode: UInt32(contents.mode))
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
