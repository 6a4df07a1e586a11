import Glibc

/// Why the process could not become a daemon.
public enum DaemonizeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Threads already exist: `fork` would copy only the calling one.
    case threadsRunning(Int)
    /// A system call failed.
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .threadsRunning(let count):
            "daemonizing: the process already runs \(count) threads; daemonize before starting any"
        case .system(let error):
            "daemonizing: \(error)"
        }
    }
}

/// Detaches the process into the background: `fork`, `setsid`, `chdir("/")`, standard streams to
/// `/dev/null`. The parent stays until the daemon reports that it started (or why it did not),
/// so `pulse` exits non-zero with the reason when the daemon cannot start.
///
/// Call it before any thread exists (and so before Dispatch or Swift concurrency are used).
public enum Daemonizer {
    /// Which side of the fork the caller is on.
    public enum Side {
        /// The original process: wait for the daemon, then exit.
        case parent(DaemonLauncher)
        /// The daemon: start up, then report with ``DaemonReadiness``.
        case daemon(DaemonReadiness)
    }

    /// Forks. See ``Side``.
    public static func detach() throws(DaemonizeError) -> Side {
        let threads = threadCount()
        if threads > 1 { throw .threadsRunning(threads) }
        let (readEnd, writeEnd): (FileDescriptor, FileDescriptor)
        do { (readEnd, writeEnd) = try FileDescriptor.pipe() } catch { throw .system(error) }
        let pid = fork()
        if pid < 0 {
            let code = errno
            readEnd.close()
            writeEnd.close()
            throw .system(SystemCallError(call: "fork", errno: code))
        }
        if pid > 0 {
            writeEnd.close()
            return .parent(DaemonLauncher(pid: pid, channel: readEnd))
        }
        readEnd.close()
        do {
            try SystemCall.run("setsid") { setsid() }
            try SystemCall.run("chdir", on: "/") { chdir("/") }
            umask(0o022)
            let null = try FileDescriptor.openNull()
            for target in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
                try SystemCall.run("dup2", on: "/dev/null") { dup2(null.rawValue, target) }
            }
            null.close()
        } catch {
            let readiness = DaemonReadiness(channel: writeEnd)
            readiness.failed("\(error)")
            throw .system(error)
        }
        return .daemon(DaemonReadiness(channel: writeEnd))
    }

    /// What a daemon's `main` does after ``detachAndWaitForDaemon()``.
    public enum Start {
        /// This is the daemon: start up, then report with ``DaemonReadiness``.
        case daemon(DaemonReadiness)
        /// This is the launching process and it is done: exit 0 when `problem` is nil (the
        /// daemon started), else show `problem` and exit non-zero (the daemon could not start,
        /// or could not be forked).
        case launcherDone(problem: String?)
    }

    /// ``detach()``, with the launching process waiting for the daemon's report: the one
    /// sequence every daemon's `main` runs.
    public static func detachAndWaitForDaemon() -> Start {
        do {
            switch try detach() {
            case .daemon(let readiness):
                return .daemon(readiness)
            case .parent(let launcher):
                switch launcher.waitForDaemon() {
                case .ready: return .launcherDone(problem: nil)
                case .failed(let reason): return .launcherDone(problem: reason)
                case .vanished: return .launcherDone(problem: "the daemon exited while starting; see the system log")
                }
            }
        } catch {
            return .launcherDone(problem: "\(error)")
        }
    }

    /// Threads in this process (`/proc/self/task` entries).
    public static func threadCount() -> Int {
        guard let directory = opendir("/proc/self/task") else { return 1 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { $0.first == UInt8(ascii: ".") }
            if !isDot { count += 1 }
        }
        return count
    }
}

/// The parent's side of ``Daemonizer/detach()``.
public struct DaemonLauncher: Sendable {
    /// How the daemon's start-up went.
    public enum Outcome: Equatable, Sendable {
        /// It reported that it is running.
        case ready
        /// It reported a failure, with the reason.
        case failed(String)
        /// It ended without reporting.
        case vanished
    }

    /// The daemon's PID.
    public let pid: pid_t
    let channel: FileDescriptor

    /// Waits until the daemon reports (or exits) and returns what it said.
    public func waitForDaemon() -> Outcome {
        defer { channel.close() }
        var received: [UInt8] = []
        while let chunk = try? channel.read(upTo: 4096), !chunk.isEmpty {
            received += chunk
            if received.count > 65536 { break }
        }
        guard let kind = received.first else { return .vanished }
        if kind == UInt8(ascii: "R") { return .ready }
        return .failed(String(decoding: received.dropFirst(), as: UTF8.self))
    }
}

/// The daemon's side of ``Daemonizer/detach()``: report once.
public struct DaemonReadiness: Sendable {
    let channel: FileDescriptor

    /// Tells the parent the daemon is running; the parent exits 0.
    public func ready() {
        _ = try? channel.writeAll([UInt8(ascii: "R")])
        channel.close()
    }

    /// Tells the parent the daemon could not start, and why; the parent prints it and fails.
    public func failed(_ reason: String) {
        _ = try? channel.writeAll([UInt8(ascii: "F")] + Array(reason.utf8))
        channel.close()
    }
}
