import DaemonSupport

/// How pulse starts lvsd: the program and its arguments. Pure.
///
/// Piranha ran `lvsd --nodaemon -c <cfg>` when pulse itself ran in the foreground and
/// `lvsd --nofork -c <cfg>` when pulse was a daemon, with `-v` in verbose mode; this does the same,
/// and passes a non-default syslog socket on.
public struct LVSDLaunch: Hashable, Sendable {
    /// `lvsd`, or `fos` for the failover services' daemon (no runtime directory, no readiness).
    public var program = "lvsd"
    /// The lvsd binary (`--lvsd PATH`).
    public var executable: String
    /// lvs.cf.
    public var configPath: String
    /// pulse runs in the foreground (`-n`): lvsd does too and logs to standard error.
    public var foreground: Bool
    /// `-v`.
    public var verbose: Bool
    /// The syslog socket when it is not `/dev/log`.
    public var logSocket: String?
    /// lvsd's runtime directory (control socket, pidfile) when it is not `/run/lvsd`.
    public var runtimeDirectory: String?
    /// The descriptor lvsd reports its table's readiness on (`--ready-fd`).
    public var readyDescriptor: Int32?

    /// Creates a launch description.
    public init(
        executable: String, configPath: String, foreground: Bool, verbose: Bool, logSocket: String? = nil,
        runtimeDirectory: String? = nil
    ) {
        self.executable = executable
        self.configPath = configPath
        self.foreground = foreground
        self.verbose = verbose
        self.logSocket = logSocket
        self.runtimeDirectory = runtimeDirectory
    }

    /// The arguments after the program name.
    public var arguments: [String] {
        var arguments = [foreground ? "--nodaemon" : "--nofork", "-c", configPath]
        if verbose { arguments.append("-v") }
        if let logSocket { arguments += ["--log-socket", logSocket] }
        if let runtimeDirectory { arguments += ["--runtime-directory", runtimeDirectory] }
        if let readyDescriptor { arguments += ["--ready-fd", String(readyDescriptor)] }
        return arguments
    }

    /// Whether it reports readiness (lvsd's table) on `--ready-fd`; fos does not.
    public var reportsReadiness: Bool { program == "lvsd" }

    /// lvsd's pidfile (`/run/lvsd/lvsd.pid`), which names the lvsd running.
    public var pidfilePath: String { Pidfile.path(in: runtimeDirectory ?? "/run/lvsd", program: "lvsd") }

    /// `lvsd --nofork -c /etc/sysconfig/ha/lvs.cf`, for the log.
    public var commandLine: String { ([executable] + arguments).joined(separator: " ") }
}
