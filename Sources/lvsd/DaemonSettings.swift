import DaemonSupport
import Director

/// How this lvsd runs, from its command line.
struct DaemonSettings {
    /// lvs.cf.
    var configPath: String
    /// `-t/--test-start`: run everything, apply nothing to IPVS (log what would be applied).
    var testStart: Bool
    /// `--keep-table`: leave the IPVS entries in place on SIGTERM, for a restart without loss.
    var keepTable: Bool
    /// Control socket, pidfile and owned-service record live here (`/run/lvsd`).
    var runtimeDirectory: String
    /// How nannies are run.
    var launch: NannyLaunchSettings
    /// When a dying nanny is restarted, and when lvsd gives up on it.
    var backoff: RestartBackoff.Configuration
    /// How often the kernel's table is read again and corrected; nil never (test-start).
    var resyncInterval: Duration?
    /// `--ready-fd`: told once every real server has had its first health check.
    var readyDescriptor: FileDescriptor?
    /// How long nannies get to stop on SIGTERM before SIGKILL.
    var stopGrace: Duration = .seconds(3)

    /// `/run/lvsd/lvsd.sock`.
    var controlSocketPath: String { runtimeDirectory + "/lvsd.sock" }
    /// `/run/lvsd/lvsd.pid`.
    var pidfilePath: String { runtimeDirectory + "/lvsd.pid" }
    /// `/run/lvsd/owned-services`.
    var ownedRecordPath: String { runtimeDirectory + "/owned-services" }
}
