import ArgumentParser
import DaemonSupport
import Director
import Glibc
import IPVS
import LVSConfig
import Logging

/// `lvsd`: turns lvs.cf into the IPVS table and keeps it true to the health of the real
/// servers, with one nanny per real server. Argument parsing and wiring only; the decisions
/// live in the `Director` library.
@main
struct LVSD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lvsd",
        abstract: "Program IPVS from lvs.cf and keep it true to the health of the real servers.",
        discussion: """
            Started by pulse on both directors (warm standby: the inactive one keeps its table \
            loaded and checked; with warm_standby = 0 only on the active one). SIGHUP re-reads \
            lvs.cf (a broken file is rejected and the running state stays); SIGTERM stops the \
            nannies and removes the entries lvsd made, unless --keep-table. Started again after \
            a crash, it adopts the table it finds.
            """,
        version: SuiteVersion.line(for: "lvsd")
    )

    @Option(
        name: [.customShort("c"), .customLong("configfile")],
        help: ArgumentHelp("The configuration file.", valueName: "FILE"))
    var configFile: String = LVSConfigFile.defaultPath

    @Flag(
        name: [.customShort("n"), .customLong("nodaemon")], help: "Stay in the foreground and log to standard error.")
    var noDaemon = false

    @Flag(name: .customLong("nofork"), help: "Stay in the foreground (as pulse's child) but log to syslog.")
    var noFork = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Log debug messages; passes -v on to the nannies.")
    var verbose = false

    @Flag(
        name: [.customShort("t"), .customLong("test-start")],
        help: "Run everything, nannies included, but apply nothing to IPVS: log each operation instead.")
    var testStart = false

    @Flag(name: .customLong("check"), help: "Check the configuration, print its problems, exit 0 (usable) or 1.")
    var check = false

    @Flag(name: .customLong("keep-table"), help: "On SIGTERM, leave the IPVS entries for a restart without loss.")
    var keepTable = false

    @Option(
        name: .customLong("runtime-directory"),
        help: ArgumentHelp("Control socket, pidfile and owned-service record.", valueName: "DIR"))
    var runtimeDirectory = "/run/lvsd"

    @Option(
        name: .customLong("nanny"),
        help: ArgumentHelp(
            "The nanny to run when a service has no client_monitor (default: nanny beside lvsd, else /usr/sbin/nanny).",
            valueName: "PATH"))
    var nannyPath: String?

    @Flag(
        name: .customLong("nanny-exec"),
        help:
            "Start each nanny with exec instead of forking it from one warmed-up nanny (the fork server); each then takes more memory."
    )
    var nannyExec = false

    @Option(
        name: .customLong("log-socket"),
        help: ArgumentHelp("The syslog socket, for lvsd and its nannies.", valueName: "PATH"))
    var logSocket = "/dev/log"

    @Option(
        name: .customLong("ready-fd"),
        help: ArgumentHelp(
            "Write the table's readiness to this open descriptor, a line each time it changes: 'checking N' while N real servers await their first health check, 'ready' once none does (pulse announces it to the peer director).",
            valueName: "N"))
    var readyDescriptor: Int32?

    @Option(name: .customLong("restart-delay"), help: .hidden)
    var restartDelay: Double = 1

    @Option(name: .customLong("restart-limit"), help: .hidden)
    var restartLimit: Int = 5

    @Option(name: .customLong("resync-interval"), help: .hidden)
    var resyncInterval: Double = 10

    func validate() throws {
        guard restartDelay > 0, restartDelay <= 3600 else {
            throw ValidationError("--restart-delay must be more than 0 and at most 3600 seconds")
        }
        guard restartLimit >= 1 else { throw ValidationError("--restart-limit must be at least 1") }
        guard resyncInterval > 0 else { throw ValidationError("--resync-interval must be more than 0 seconds") }
        if noDaemon && noFork { throw ValidationError("--nodaemon and --nofork exclude each other") }
        if let fd = readyDescriptor {
            guard fd >= 3 else {
                throw ValidationError("--ready-fd \(fd): must be 3 or more (0-2 are the standard streams)")
            }
            guard fcntl(fd, F_GETFD) >= 0 else { throw ValidationError("--ready-fd \(fd): not an open descriptor") }
            guard noDaemon || noFork else {
                throw ValidationError("--ready-fd needs --nodaemon or --nofork (a daemon's parent has exited)")
            }
        }
    }

    func run() throws {
        if check { throw ExitCode(ConfigurationCheck.run(path: configFile)) }
        let bootstrap = DaemonBootstrap(program: "lvsd")
        do {
            try bootstrap.blockSignals([.hangup, .terminate, .interrupt, .child])
        } catch {
            Console.error("lvsd: \(error)")
            throw ExitCode(1)
        }
        // The daemon is this program started again; it checks everything itself, still printing
        // to the admin's terminal until it reports.
        let readiness: DaemonReadiness?
        switch bootstrap.detach(foreground: noDaemon || noFork) {
        case .proceed(let ready):
            readiness = ready
        case .exit(let status, let problem):
            if let problem { Console.error("lvsd: \(problem)") }
            throw ExitCode(status)
        }

        guard let configuration = ConfigurationCheck.load(path: configFile) else { throw ExitCode(1) }

        bootstrap.bootstrapLogging(noDaemon ? .standardError : .syslog, logSocket: logSocket)
        let logger = bootstrap.logger(verbose: verbose)
        // Says why lvsd does not start: to the waiting launcher, or on standard error (with `-n`
        // the log is there already).
        func report(_ problem: String?) {
            if let line = bootstrap.reportStart(problem, readiness: readiness, logger: logger), !noDaemon {
                Console.error(line)
            }
        }

        // Without IPVS lvsd says so once, on the terminal and in the log, and exits.
        guard let table = openTable(logger: logger) else { throw ExitCode(1) }
        let pidfile: Pidfile
        do {
            pidfile = try bootstrap.acquirePidfile(in: runtimeDirectory)
        } catch {
            report("\(error)")
            throw ExitCode(1)
        }
        defer { pidfile.release() }

        let settings = LVSDSettings(
            configPath: configFile, testStart: testStart, keepTable: keepTable, runtimeDirectory: runtimeDirectory,
            launch: NannyLaunchSettings(
                defaultExecutable: nannyPath ?? DaemonBootstrap.siblingExecutable("nanny", fallback: "/usr/sbin/nanny"),
                verbose: verbose, foreground: noDaemon, logSocket: logSocket == "/dev/log" ? nil : logSocket,
                forkServer: !nannyExec),
            backoff: RestartBackoff.Configuration(
                initialDelay: .milliseconds(Int64(restartDelay * 1000)), maximumDelay: .seconds(60),
                stableRuntime: .seconds(60), failureLimit: restartLimit, window: .seconds(120)),
            resyncInterval: testStart ? nil : .milliseconds(Int64(resyncInterval * 1000)),
            readyDescriptor: readyDescriptor.map(FileDescriptor.init(rawValue:)))
        let owned = OwnedServicesFile.load(settings.ownedRecordPath, logger: logger)
        let daemon = LVSDaemon(
            settings: settings, configuration: configuration, table: table, previouslyOwned: owned, logger: logger)
        throw ExitCode(daemon.run(ready: report))
    }

    /// The kernel's IPVS, or under `--test-start` the in-memory model of it, starting from what
    /// the kernel holds. Without IPVS, lvsd says so in one line and does not start (test-start
    /// starts from an empty model).
    private func openTable(logger: Logger) -> (any IPVSTable)? {
        do {
            let client = try IPVSClient(logger: logger)
            guard testStart else { return client }
            return try InMemoryIPVSTable.testStart(copying: client)
        } catch {
            if testStart {
                logger.notice(
                    "test start without the kernel's IPVS (\(error.causeDescription)); starting from an empty table")
                return InMemoryIPVSTable.testStart()
            }
            logger.critical("\(error)")
            if !noDaemon { Console.error("lvsd: \(error)") }
            return nil
        }
    }
}
