import Glibc

/// A directory under `/run` that holds a daemon's socket and pidfile (`/run/lvsd`, `/run/pulse`).
public enum RuntimeDirectory {
    /// Creates `path` (and missing parents, mode 0755) with `mode` if it does not exist; if it
    /// does, checks it is a directory owned by this user and sets `mode` on it. Refuses a
    /// directory whose parent another user could rename it in (owned by someone else, or writable
    /// by others without the sticky bit): the pidfile and sockets are written there as root.
    public static func prepare(_ path: String, mode: mode_t = 0o700) throws(SystemCallError) {
        var info = stat()
        try checkParent(of: path)
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw SystemCallError(call: "preparing runtime directory", object: path, errno: ENOTDIR)
            }
            guard info.st_uid == geteuid() else {
                throw SystemCallError(
                    call: "preparing runtime directory (owned by UID \(info.st_uid))", object: path, errno: EPERM)
            }
            try SystemCall.run("chmod", on: path) { chmod(path, mode) }
            return
        }
        if errno != ENOENT { throw SystemCallError(call: "stat", object: path, errno: errno) }
        let parent = parentPath(of: path)
        if parent != path && parent != "/" && parent != "." {
            var parentInfo = stat()
            if lstat(parent, &parentInfo) != 0 { try prepareParent(parent) }
        }
        // mkdir applies the umask; chmod afterwards gives exactly `mode`.
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw SystemCallError(call: "mkdir", object: path, errno: errno)
        }
        try SystemCall.run("chmod", on: path) { chmod(path, mode) }
    }

    private static func checkParent(of path: String) throws(SystemCallError) {
        let parent = parentPath(of: path)
        var info = stat()
        guard stat(parent, &info) == 0 else { return }  // created below, by us
        let writableByOthers = info.st_mode & (S_IWGRP | S_IWOTH) != 0
        let sticky = info.st_mode & S_ISVTX != 0
        if (info.st_uid != 0 && info.st_uid != geteuid()) || (writableByOthers && !sticky) {
            throw SystemCallError(
                call: "preparing runtime directory (its parent \(parent) is owned by UID \(info.st_uid), mode "
                    + "\(String(info.st_mode & 0o7777, radix: 8)): another user could replace it)", object: path,
                errno: EPERM)
        }
    }

    private static func prepareParent(_ path: String) throws(SystemCallError) {
        let parent = parentPath(of: path)
        if parent != path && parent != "/" && parent != "." {
            var info = stat()
            if lstat(parent, &info) != 0 { try prepareParent(parent) }
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw SystemCallError(call: "mkdir", object: path, errno: errno)
        }
    }

    /// The directory part of `path` (`/run/lvsd/lvsd.sock` → `/run/lvsd`).
    public static func parentPath(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }
}
