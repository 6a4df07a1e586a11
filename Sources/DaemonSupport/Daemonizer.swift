import Glibc

/// Why the process could not become a daemon.
public enum DaemonizeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed.
    case system(SystemCallError)
    /// The environment names a report descriptor that is not an open pipe.
    case badReportDescriptor(String)

    public var description: String {
        switch self {
        case .system(let error):
            "daemonizing: \(error)"
        case .badReportDescriptor(let value):
            "daemonizing: \(Daemonizer.reportVariable)=\(value) is not an open pipe"
        }
    }
}

/// Detaches the process into the background. The launching process starts this same program
/// again, with the same arguments, in a new session (`posix_spawn` with `setsid`); that copy is the
/// daemon. The launcher stays until the daemon reports that it started (or why it did not), so
/// `pulse` exits non-zero with the reason when the daemon cannot start.
///
/// Why not `fork`: the Swift runtime caches each thread's ID for its priority-inheritance locks
/// (`swift_once`), and a forked child keeps the parent's ID for its main thread. The first time
/// another thread of the daemon waits for a lock that thread holds, both spin forever (seen: pulse
/// and its address worker at 100 % CPU, the heartbeats stopped). A new program has no such state.
///
/// The daemon keeps the launcher's standard output and error until it reports, so what it prints
/// while starting (a configuration error, say) reaches the admin's terminal; it then moves to `/`
/// and puts `/dev/null` on its standard streams.
public enum Daemonizer {
    /// Set by the launcher in the daemon's environment: the descriptor on which the daemon reports.
    /// Its presence is how the daemon knows it is the daemon; it is removed at once, so that the
    /// daemon's own children do not inherit it.
    public static let reportVariable = "LVSROUTER_DAEMON_REPORT_FD"
    /// The report descriptor's number in the daemon.
    static let reportDescriptor: Int32 = 3

    /// Which side of the launch the caller is on.
    public enum Side {
        /// The original process: wait for the daemon, then exit.
        case parent(DaemonLauncher)
        /// The daemon: start up, then report with ``DaemonReadiness``.
        case daemon(DaemonReadiness)
    }

    /// Starts the daemon (in the launcher) or recognises that this is it. See ``Side``.
    public static func detach() throws(DaemonizeError) -> Side {
        if let value = getenv(reportVariable).map({ String(cString: $0) }) {
            unsetenv(reportVariable)
            guard let number = Int32(value), number >= 3, isPipe(number) else { throw .badReportDescriptor(value) }
            _ = fcntl(number, F_SETFD, FD_CLOEXEC)
            umask(0o022)
            return .daemon(DaemonReadiness(channel: FileDescriptor(rawValue: number)))
        }
        let program: String
        let ends: (read: FileDescriptor, write: FileDescriptor)
        do {
            program = try ownExecutable()
            ends = try FileDescriptor.makePipe()
        } catch {
            throw .system(error)
        }
        defer { ends.write.closeQuietly() }
        // The launcher only waits and exits after this: its own environment can carry the mark.
        setenv(reportVariable, "\(reportDescriptor)", 1)
        let arguments = CommandLine.arguments
        let spec = ChildProcessSpec(
            executable: program, arguments: Array(arguments.dropFirst()), argumentZero: arguments.first,
            standardInput: .null, mappedDescriptors: [reportDescriptor: ends.write], newSession: true)
        do {
            let spawned = try ProcessSpawner.spawn(spec)
            return .parent(DaemonLauncher(pid: spawned.pid, channel: ends.read))
        } catch {
            ends.read.closeQuietly()
            throw .system(error)
        }
    }

    /// What a daemon's `main` does after ``detachAndWaitForDaemon()``.
    public enum Start {
        /// This is the daemon: start up, then report with ``DaemonReadiness``.
        case daemon(DaemonReadiness)
        /// This is the launching process and it is done: show `problem` (when there is one) and
        /// exit with `status`. 0: the daemon runs. Otherwise it could not start: either it said
        /// why (`problem`), or it printed why on the shared standard error before it exited.
        case launcherDone(status: Int32, problem: String?)
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
                case .ready: return .launcherDone(status: 0, problem: nil)
                case .failed(let reason): return .launcherDone(status: 1, problem: reason)
                case .exited(.exited(let code)) where code != 0: return .launcherDone(status: code, problem: nil)
                case .exited(let status):
                    return .launcherDone(
                        status: 1, problem: "the daemon ended while starting (\(status)); see the system log")
                case .silent:
                    return .launcherDone(
                        status: 1,
                        problem: "the daemon closed its report descriptor without reporting; see the system log")
                }
            }
        } catch {
            return .launcherDone(status: 1, problem: "\(error)")
        }
    }

    /// This program's path (`/proc/self/exe` resolved: starting that link itself would name the
    /// daemon `exe` in `ps` and `/proc/PID/comm`).
    public static func ownExecutable() throws(SystemCallError) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = try SystemCall.run("readlink", on: "/proc/self/exe") {
            Int32(readlink("/proc/self/exe", &buffer, buffer.count - 1))
        }
        let path = String(decoding: buffer[..<Int(count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The file was replaced or removed since this process started (an upgrade): its old
        // inode cannot be started by name.
        if path.hasSuffix(" (deleted)") {
            throw SystemCallError(
                call: "starting the daemon (this program was replaced or removed since it started; run it again)",
                object: String(path.dropLast(" (deleted)".count)), errno: ENOENT)
        }
        return path
    }

    private static func isPipe(_ descriptor: Int32) -> Bool {
        var status = stat()
        return fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO
    }
}

/// The launcher's side of ``Daemonizer/detach()``.
public struct DaemonLauncher: Sendable {
    /// How the daemon's start-up went.
    public enum Outcome: Equatable, Sendable {
        /// It reported that it is running.
        case ready
        /// It reported a failure, with the reason.
        case failed(String)
        /// It ended without reporting (what it printed went to the shared standard error).
        case exited(TerminationStatus)
        /// It closed its report descriptor without reporting, and still runs.
        case silent
    }

    /// The daemon's PID.
    public let pid: pid_t
    let channel: FileDescriptor

    /// Waits until the daemon reports (or exits) and returns what it said.
    public func waitForDaemon() -> Outcome {
        defer { channel.closeQuietly() }
        var received: [UInt8] = []
        while let chunk = try? channel.read(upTo: 4096), !chunk.isEmpty {
            received += chunk
            if received.count > 65536 { break }
        }
        if let kind = received.first {
            if kind == UInt8(ascii: "R") { return .ready }
            return .failed(String(decoding: received.dropFirst(), as: UTF8.self))
        }
        // End of file without a report: the daemon is exiting. Collect it (it is our child),
        // waiting at most 5 s for a daemon that closed the descriptor and went on.
        for _ in 0..<500 {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result < 0 && errno == EINTR { continue }
            if result == pid { return .exited(TerminationStatus(waitStatus: status)) }
            if result < 0 { return .exited(.exited(-1)) }
            usleep(10_000)
        }
        return .silent
    }
}

/// The daemon's side of ``Daemonizer/detach()``: report once.
public struct DaemonReadiness: Sendable {
    let channel: FileDescriptor

    /// Lets go of the launcher's terminal (working directory `/`, `/dev/null` on the standard
    /// streams), then tells the launcher the daemon is running; the launcher exits 0.
    public func ready() {
        _ = chdir("/")
        if let null = try? FileDescriptor.openNull() {
            for target in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] { _ = dup2(null.rawValue, target) }
            null.closeQuietly()
        }
        _ = try? channel.writeAll([UInt8(ascii: "R")])
        channel.closeQuietly()
    }

    /// Tells the launcher the daemon could not start, and why; the launcher prints it and fails.
    public func failed(_ reason: String) {
        _ = try? channel.writeAll([UInt8(ascii: "F")] + Array(reason.utf8))
        channel.closeQuietly()
    }
}
