#if canImport(Glibc)
import Glibc
#endif
import Logging

/// The start-up every daemon of the suite runs, in this order: block the signals its loop reads
/// (before any thread exists), detach from the terminal, set up logging, take the runtime
/// directory and pidfile, and report whether start-up worked. The programs' `main`s call these
/// steps and decide exit codes; nothing here prints or exits.
public struct DaemonBootstrap: Sendable {
    /// Where log lines go.
    public enum LogDestination: Sendable, Equatable {
        /// syslog, with the program as ident (daemons).
        case syslog
        /// Standard error (`-n`, in the foreground).
        case standardError
        /// Both (nanny in the foreground: lvsd reads its own log, the admin the terminal).
        case syslogAndStandardError
    }

    /// How the detach step ended in this process.
    public enum Detach: Sendable {
        /// Continue start-up; report through this when there is one (the daemon's launcher waits).
        case proceed(DaemonReadiness?)
        /// The launching process is done: show `problem` (prefixed with the program) and exit
        /// with `status`.
        case exit(status: Int32, problem: String?)
    }

    /// The program's name: syslog ident, pidfile owner, prefix of terminal messages.
    public let program: String

    /// A bootstrap for `program` (`pulse`, `lvsd`, `nanny`).
    public init(program: String) { self.program = program }

    /// Blocks `signals` (the loop reads them from a signalfd; children get a clean mask from the
    /// spawner) and ignores SIGPIPE (a write to a closed socket is an error, not death). Call
    /// before anything can start a thread: a thread started earlier would keep them unblocked and
    /// could take SIGCHLD away from the loop.
    public func blockSignals(_ signals: [Signal]) throws(SystemCallError) {
        try SignalSet(signals).block()
        Signal.pipe.ignore()
    }

    /// Detaches unless `foreground`: the daemon is this program started again (``Daemonizer``),
    /// and the launching process waits for its report.
    public func detach(foreground: Bool) -> Detach {
        guard !foreground else { return .proceed(nil) }
        switch Daemonizer.detachAndWaitForDaemon() {
        case .daemon(let readiness): return .proceed(readiness)
        case .launcherDone(let status, let problem): return .exit(status: status, problem: problem)
        }
    }

    /// Sends every logger's lines to `destination`, the syslog ones through `logSocket`.
    public func bootstrapLogging(_ destination: LogDestination, logSocket: String = "/dev/log") {
        let connection = SyslogConnection(path: logSocket)
        let program = program
        LoggingSystem.bootstrap { label -> any LogHandler in
            switch destination {
            case .standardError:
                return StandardErrorLogHandler(label: label, program: program)
            case .syslog:
                return SyslogLogHandler(label: label, ident: program, connection: connection)
            case .syslogAndStandardError:
                return MultiplexLogHandler([
                    SyslogLogHandler(label: label, ident: program, connection: connection),
                    StandardErrorLogHandler(label: label, program: program),
                ])
            }
        }
    }

    /// The program's logger, at debug level when `verbose`.
    public func logger(verbose: Bool, label: String? = nil) -> Logger {
        var logger = Logger(label: label ?? program)
        logger.logLevel = verbose ? .debug : .info
        return logger
    }

    /// Makes the runtime directory (root only) and takes `PROGRAM.pid` in it.
    public func acquirePidfile(in directory: String) throws(DaemonBootstrapError) -> Pidfile {
        do {
            try RuntimeDirectory.prepare(directory, mode: 0o700)
        } catch {
            throw .runtimeDirectory(error)
        }
        do {
            return try Pidfile.acquire(path: Pidfile.path(in: directory, program: program), program: program)
        } catch {
            throw .pidfile(error)
        }
    }

    /// Says once whether start-up worked (`problem` nil) or why not: to the waiting launcher
    /// when there is one, and in the log. Returns the line for the terminal when no launcher
    /// waits and `problem` should be shown there (the caller prints it).
    public func reportStart(_ problem: String?, readiness: DaemonReadiness?, logger: Logger) -> String? {
        guard let problem else {
            readiness?.ready()
            return nil
        }
        logger.critical("not starting: \(problem)")
        if let readiness {
            readiness.failed(problem)
            return nil
        }
        return "\(program): not starting: \(problem)"
    }

    /// The program `name` in this program's own directory when it is there and executable (a
    /// build tree, `/usr/sbin`), else `fallback`: pulse finds lvsd, lvsd finds nanny.
    public static func siblingExecutable(_ name: String, fallback: String) -> String {
        guard let own = try? Daemonizer.ownExecutable() else { return fallback }
        let candidate = RuntimeDirectory.parentPath(of: own) + "/" + name
        return access(candidate, X_OK) == 0 ? candidate : fallback
    }
}

/// Why the runtime directory or the pidfile could not be taken.
public enum DaemonBootstrapError: Error, CustomStringConvertible {
    /// The runtime directory could not be made or is unsafe.
    case runtimeDirectory(SystemCallError)
    /// Another instance runs, or the pidfile could not be written.
    case pidfile(PidfileError)

    public var description: String {
        switch self {
        case .runtimeDirectory(let error): "\(error)"
        case .pidfile(let error): "\(error)"
        }
    }
}
