/// How lvsd runs its nannies, beyond what lvs.cf says: the program when `client_monitor` is not
/// set, and the flags that follow lvsd's own mode.
public struct NannyLaunchSettings: Hashable, Sendable {
    /// The nanny to run when a service has no `client_monitor`.
    public var defaultExecutable: String
    /// lvsd runs with `-v`: pass `-v` on.
    public var verbose: Bool
    /// lvsd runs with `--nodaemon`: pass `--nodaemon` on (nanny then logs to stderr as well).
    public var foreground: Bool
    /// The descriptor number the report socket has in the nanny (`--report-fd`).
    public var reportDescriptor: Int32
    /// The syslog socket nannies log to (`--log-socket`); nil for their default, `/dev/log`.
    public var logSocket: String?
    /// Fork the suite's nannies from `nanny --fork-server` (the default) rather than start each
    /// with `exec` (`--nanny-exec`).
    public var forkServer: Bool

    /// Settings; by default `/usr/sbin/nanny`, reports on descriptor 3.
    public init(
        defaultExecutable: String = "/usr/sbin/nanny", verbose: Bool = false, foreground: Bool = false,
        reportDescriptor: Int32 = 3, logSocket: String? = nil, forkServer: Bool = true
    ) {
        self.forkServer = forkServer
        self.defaultExecutable = defaultExecutable
        self.verbose = verbose
        self.foreground = foreground
        self.reportDescriptor = reportDescriptor
        self.logSocket = logSocket
    }
}
