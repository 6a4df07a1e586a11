#if canImport(Glibc)
import Glibc
#endif

/// What kind of file a path names, for messages about files that are not regular.
public enum FileKind: String, Sendable, Hashable {
    case directory = "a directory"
    case fifo = "a FIFO"
    case characterDevice = "a character device"
    case blockDevice = "a block device"
    case socket = "a socket"
    case symbolicLink = "a symbolic link"
    case regular = "a regular file"
    case unknown = "of an unknown kind"

    /// The kind of what `descriptor` refers to; nil if it is not open.
    public static func of(descriptor: FileDescriptor) -> FileKind? {
        var info = stat()
        guard fstat(descriptor.rawValue, &info) == 0 else { return nil }
        return FileKind(mode: info.st_mode)
    }

    /// The kind of what `path` names, the link itself for a symbolic link (`lstat`); nil when
    /// nothing is there.
    public static func of(path: String) throws(SystemCallError) -> FileKind? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw SystemCallError(call: "lstat", object: path, errno: errno)
        }
        return FileKind(mode: info.st_mode)
    }

    /// The kind encoded in a `stat` mode.
    public init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        case S_IFLNK: self = .symbolicLink
        case S_IFREG: self = .regular
        default: self = .unknown
        }
    }
}
