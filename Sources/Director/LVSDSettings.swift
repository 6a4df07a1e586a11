import DaemonSupport

/// How this lvsd runs, from its command line.
public struct LVSDSettings: Sendable {
    /// lvs.cf.
    public var configPath: String
    /// `-t/--test-start`: run everything, apply nothing to IPVS (log what would be applied).
    public var testStart: Bool
    /// `--keep-table`: leave the IPVS entries in place on SIGTERM, for a restart without loss.
    public var keepTable: Bool
    /// Control socket, pidfile and owned-service record live here (`/run/lvsd`).
    public var runtimeDirectory: String
    /// How nannies are run.
    public var launch: NannyLaunchSettings
    /// When a dying nanny is restarted, and when lvsd gives up on it.
    public var backoff: RestartBackoff.Configuration
    /// How often the kernel's table is read again and corrected; nil never (test-start).
    public var resyncInterval: Duration?
    /// `--ready-fd`: told once every real server has had its first health check.
    public var readyDescriptor: FileDescriptor?
    /// How long nannies get to stop on SIGTERM before SIGKILL.
    public var stopGrace: Duration = .seconds(3)

    /// Settings from lvsd's command line.
    public init(
        configPath: String, testStart: Bool, keepTable: Bool, runtimeDirectory: String, launch: NannyLaunchSettings,
        backoff: RestartBackoff.Configuration, resyncInterval: Duration?, readyDescriptor: FileDescriptor?
    ) {
        self.configPath = configPath
        self.testStart = testStart
        self.keepTable = keepTable
        self.runtimeDirectory = runtimeDirectory
        self.launch = launch
        self.backoff = backoff
        self.resyncInterval = resyncInterval
        self.readyDescriptor = readyDescriptor
    }

    /// `/run/lvsd/lvsd.sock`.
    public var controlSocketPath: String { runtimeDirectory + "/lvsd.sock" }
    /// `/run/lvsd/owned-services`.
    public var ownedRecordPath: String { runtimeDirectory + "/owned-services" }
}
