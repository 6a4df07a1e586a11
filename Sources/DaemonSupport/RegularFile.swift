import Glibc

/// Reading a whole file safely: the one way the suite reads lvs.cf, key files and its own
/// records. Only a regular file is read, up to a limit: a FIFO would block the reader until
/// someone writes to it, `/dev/zero` would never end, and a wrong path must not exhaust memory.
public enum RegularFile {
    /// What to do with a file longer than the limit.
    public enum BeyondLimit: Sendable {
        /// Refuse it (``RegularFileError/tooLarge(path:size:limit:)``).
        case refuse
        /// Return its first `limit` bytes and more, a chunk at most (the caller's own checks refuse
        /// it with their own words: a key file "too long").
        case truncate
    }

    /// What was read: the bytes and the file's mode (type and permission bits).
    public struct Contents: Sendable {
        /// The file's bytes.
        public var bytes: [UInt8]
        /// `st_mode` when it was opened.
        public var mode: mode_t
    }

    /// The bytes of the regular file at `path`, at most `limit` of them. With
    /// `followingSymbolicLinks` false, a symbolic link is refused (`O_NOFOLLOW`): for files in
    /// directories others could write to.
    public static func read(
        _ path: String, limit: Int, followingSymbolicLinks: Bool = true
    ) throws(RegularFileError) -> [UInt8] {
        try contents(path, limit: limit, followingSymbolicLinks: followingSymbolicLinks).bytes
    }

    /// The bytes and mode of the regular file at `path`; see ``read(_:limit:followingSymbolicLinks:)``.
    public static func contents(
        _ path: String, limit: Int, followingSymbolicLinks: Bool = true, beyondLimit: BeyondLimit = .refuse
    ) throws(RegularFileError) -> Contents {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (followingSymbolicLinks ? 0 : O_NOFOLLOW)
        let fd: CInt
        do {
            fd = try SystemCall.run("open", on: path) { Glibc.open(path, flags) }
        } catch {
            throw .system(error)
        }
        let descriptor = FileDescriptor(rawValue: fd)
        defer { descriptor.closeQuietly() }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system(SystemCallError(call: "fstat", object: path, errno: errno)) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw .system(SystemCallError(call: "read", object: path, errno: EISDIR)) }
        guard type == S_IFREG else { throw .notARegularFile(path: path, FileKind(mode: info.st_mode)) }
        if beyondLimit == .refuse, Int(info.st_size) > limit {
            throw .tooLarge(path: path, size: Int(info.st_size), limit: limit)
        }
        do {
            let bytes = try descriptor.readToEnd(
                limit: limit, sizeHint: Int(info.st_size), stoppingAtLimit: beyondLimit == .truncate)
            return Contents(bytes: bytes, mode: info.st_mode)
        } catch let error as SystemCallError {
            throw .system(SystemCallError(call: error.call, object: path, errno: error.errno))
        } catch {
            // A file still growing while it is read.
            throw .tooLarge(path: path, size: limit + 1, limit: limit)
        }
    }
}

/// A file that could not be read whole.
public enum RegularFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed (the error names the path).
    case system(SystemCallError)
    /// The path is not a regular file.
    case notARegularFile(path: String, FileKind)
    /// The file is larger than the limit.
    case tooLarge(path: String, size: Int, limit: Int)

    public var description: String {
        switch self {
        case .system(let error): "\(error)"
        case .notARegularFile(let path, let kind): "\(path): not a regular file (it is \(kind.rawValue))"
        case .tooLarge(let path, let size, let limit): "\(path): too large (\(size) bytes; at most \(limit) are read)"
        }
    }
}

/// More bytes than a whole read allows.
public struct ReadLimitExceeded: Error, Hashable, Sendable {
    /// The limit.
    public var limit: Int
}

extension FileDescriptor {
    /// Everything left to read, at most `limit` bytes (blocking descriptors; `EINTR` retried).
    /// Throws ``SystemCallError``, or ``ReadLimitExceeded`` once more than `limit` bytes came,
    /// unless `stoppingAtLimit`: then what came so far is returned.
    public func readToEnd(limit: Int, sizeHint: Int = 0, stoppingAtLimit: Bool = false) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(max(sizeHint, 0), limit) + 1)
        while true {
            guard let chunk = try read(upTo: 1 << 16) else {
                // A non-blocking descriptor with nothing more now: what came is all there is.
                return bytes
            }
            if chunk.isEmpty { return bytes }
            bytes += chunk
            if bytes.count > limit {
                if stoppingAtLimit { return bytes }
                throw ReadLimitExceeded(limit: limit)
            }
        }
    }
}
