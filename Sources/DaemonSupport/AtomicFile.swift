import Glibc

/// Replaces a small file whole: written to a temporary name beside it, then renamed over it, so
/// a reader (a restarted lvsd) sees the old content or the new, never half of either.
public enum AtomicFile {
    /// Writes `bytes` to `path` with `mode` (0600 unless given; the umask does not apply).
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(SystemCallError) {
        let temporary = path + ".new"
        // A new file of our own: whatever was there (a leftover, or a symbolic link planted while
        // the directory was writable by others) is removed, not written through.
        if unlink(temporary) != 0 && errno != ENOENT {
            throw SystemCallError(call: "unlink", object: temporary, errno: errno)
        }
        let fd = try SystemCall.run("open", on: temporary) {
            open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        let descriptor = FileDescriptor(rawValue: fd)
        do {
            try descriptor.writeAll(bytes)
            if mode != 0o600 { try SystemCall.run("fchmod", on: temporary) { fchmod(fd, mode) } }
            try SystemCall.run("fsync", on: temporary) { fsync(fd) }
        } catch {
            descriptor.closeQuietly()
            unlink(temporary)
            throw error
        }
        descriptor.closeQuietly()
        try SystemCall.run("rename", on: path) { rename(temporary, path) }
    }

    /// The file's bytes, or nil when it does not exist. A symbolic link is refused.
    public static func read(_ path: String) throws(RegularFileError) -> [UInt8]? {
        do {
            // Bounded: the record lists services, a few KiB at most; 16 MiB whatever happens.
            return try RegularFile.read(path, limit: 1 << 24, followingSymbolicLinks: false)
        } catch {
            if case .system(let cause) = error, cause.errno == ENOENT { return nil }
            throw error
        }
    }
}
