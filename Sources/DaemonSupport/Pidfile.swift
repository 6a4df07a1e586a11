import Glibc

/// Why a pidfile could not be taken.
public enum PidfileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another instance of the program is running.
    case alreadyRunning(program: String, pid: pid_t, path: String)
    /// A system call failed.
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .alreadyRunning(let program, let pid, let path):
            "\(program) is already running (PID \(pid), pidfile \(path))"
        case .system(let error):
            "pidfile: \(error)"
        }
    }
}

/// A daemon's pidfile (`/run/lvsd/lvsd.pid`), held for the life of the process.
///
/// Taking it refuses to start when the file names a live process of the same program; a stale
/// file (dead PID, or a PID now used by another program) is replaced. The file is also locked
/// (`flock`), so two instances starting at once cannot both win. Take it after daemonizing: the
/// PID written is the caller's.
public final class Pidfile {
    /// Where the file is.
    public let path: String
    /// The program it belongs to (compared with `/proc/PID/comm`).
    public let program: String
    /// The PID recorded by a stale file that was replaced, if any.
    public let replacedStalePID: pid_t?
    private var descriptor: FileDescriptor?

    private init(path: String, program: String, descriptor: FileDescriptor, replacedStalePID: pid_t?) {
        self.path = path
        self.program = program
        self.descriptor = descriptor
        self.replacedStalePID = replacedStalePID
    }

    /// Where `program` keeps its pidfile in its runtime directory: `/run/pulse/pulse.pid`.
    public static func path(in directory: String, program: String) -> String {
        directory + "/\(program).pid"
    }

    /// Takes the pidfile at `path` for `program` (the name in `/proc/PID/comm`, at most 15 characters
    /// are compared), writing this process's PID.
    public static func acquire(path: String, program: String) throws(PidfileError) -> Pidfile {
        do {
            // O_NOFOLLOW: a symbolic link planted where the pidfile goes (while the directory was
            // writable by others) would have root overwrite whatever it names.
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
            if fd < 0 {
                let code = errno
                let call = code == ELOOP ? "open (it is a symbolic link; refusing to follow it)" : "open"
                throw SystemCallError(call: call, object: path, errno: code)
            }
            let descriptor = FileDescriptor(rawValue: fd)
            do {
                var info = stat()
                try SystemCall.run("fstat", on: path) { fstat(fd, &info) }
                guard info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() else {
                    throw SystemCallError(
                        call: "open (not a regular file of UID \(geteuid()); refusing to use it)", object: path,
                        errno: EPERM)
                }
                let previous = readPID(descriptor)
                let locked = try SystemCall.run("flock", on: path, tolerating: [EWOULDBLOCK]) {
                    flock(fd, LOCK_EX | LOCK_NB)
                }
                if locked == nil {
                    throw PidfileError.alreadyRunning(program: program, pid: previous ?? 0, path: path)
                }
                var stale: pid_t?
                if let previous, previous != getpid() {
                    if isRunning(previous, program: program) {
                        throw PidfileError.alreadyRunning(program: program, pid: previous, path: path)
                    }
                    stale = previous
                }
                try SystemCall.run("ftruncate", on: path) { ftruncate(fd, 0) }
                try SystemCall.run("lseek", on: path) { lseek(fd, 0, SEEK_SET) }
                try descriptor.writeAll(Array("\(getpid())\n".utf8))
                return Pidfile(path: path, program: program, descriptor: descriptor, replacedStalePID: stale)
            } catch {
                descriptor.closeQuietly()
                throw error
            }
        } catch let error as PidfileError {
            throw error
        } catch let error as SystemCallError {
            throw .system(error)
        } catch {
            throw .system(SystemCallError(call: "pidfile", object: path, errno: EIO))
        }
    }

    /// Removes the file and drops the lock (at a clean exit).
    public func release() {
        guard let descriptor else { return }
        unlink(path)
        descriptor.closeQuietly()
        self.descriptor = nil
    }

    /// Whether `pid` is a live process whose `comm` is `program` (truncated like the kernel does).
    public static func isRunning(_ pid: pid_t, program: String) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno != EPERM { return false }
        guard let comm = processName(pid), comm == String(decoding: program.utf8.prefix(15), as: UTF8.self) else {
            return false
        }
        // A zombie has exited; only its parent has not collected it yet (a daemon's parent is
        // init, and some inits collect late).
        return !isZombie(pid)
    }

    /// Whether `pid` has exited and waits to be collected (state `Z` or `X` in `/proc/PID/stat`).
    public static func isZombie(_ pid: pid_t) -> Bool {
        guard let bytes = try? RegularFile.read("/proc/\(pid)/stat", limit: 4096),
            let close = bytes.lastIndex(of: UInt8(ascii: ")")),
            close + 2 < bytes.count
        else { return false }
        let state = bytes[close + 2]
        return state == UInt8(ascii: "Z") || state == UInt8(ascii: "X")
    }

    /// `/proc/PID/comm` without the newline.
    public static func processName(_ pid: pid_t) -> String? {
        guard let bytes = try? RegularFile.read("/proc/\(pid)/comm", limit: 4096) else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The PID the pidfile at `path` records, if it exists and records one (whether that process
    /// still runs is ``isRunning(_:program:)``'s question).
    public static func recordedPID(at path: String) -> pid_t? {
        guard let bytes = try? RegularFile.read(path, limit: 4096) else { return nil }
        return pid(in: String(decoding: bytes, as: UTF8.self))
    }

    /// The PID a pidfile's text records: its first word (`"4242\n"`).
    public static func pid(in text: String) -> pid_t? {
        text.split(whereSeparator: { $0 == "\n" || $0 == " " }).first.flatMap { pid_t($0) }
    }

    private static func readPID(_ descriptor: FileDescriptor) -> pid_t? {
        guard let bytes = try? descriptor.read(upTo: 32) else { return nil }
        return pid(in: String(decoding: bytes, as: UTF8.self))
    }
}
