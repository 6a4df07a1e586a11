import ArgumentParser
import CLVSShims
import DaemonSupport
import FailoverServices
import Glibc
import LVSConfig
import Logging

/// `fos`: runs lvs.cf's failover services (`service = fos`) on the active director. pulse starts
/// it once the VIPs are up and stops it when it lets go; argument parsing and wiring only, the
/// decisions live in the `FailoverServices` library.
@main
struct FOS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fos",
        abstract: "Run the failover services of lvs.cf on this director while it is active.",
        discussion: """
            Started by pulse on the active director (service = fos). Runs each active failover \
            block's start_cmd in file order and watches the service with nanny --fos. When a \
            start_cmd fails or a service stops answering, it stops every service with its stop_cmd \
            and exits with status 3, and pulse lets the partner director take over. SIGTERM stops \
            every service (last started first) and exits 0; so does the death of pulse. SIGHUP \
            re-reads lvs.cf: new services start, removed ones stop, changed ones restart.
            """,
        version: SuiteVersion.line(for: "fos")
    )

    @Option(
        name: [.customShort("c"), .customLong("configfile")],
        help: ArgumentHelp("The configuration file.", valueName: "FILE"))
    var configFile: String = LVSConfigFile.defaultPath

    @Flag(name: [.customShort("n"), .customLong("nodaemon")], help: "Log to standard error (and the nannies too).")
    var noDaemon = false

    @Flag(name: .customLong("nofork"), help: "Log to syslog (fos always runs in the foreground, as pulse's child).")
    var noFork = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Log debug messages; passes -v on to the nannies.")
    var verbose = false

    @Option(
        name: .customLong("nanny"),
        help: ArgumentHelp(
            "The nanny to watch the services with (default: nanny beside fos, else /usr/sbin/nanny).", valueName: "PATH"
        ))
    var nannyPath: String?

    @Option(
        name: .customLong("log-socket"),
        help: ArgumentHelp("The syslog socket, for fos and its nannies.", valueName: "PATH"))
    var logSocket = "/dev/log"

    @Option(
        name: .customLong("command-limit"),
        help: ArgumentHelp(
            "Seconds a start_cmd or stop_cmd may run before it is killed and counts as failed.", valueName: "SECONDS"))
    var commandLimit = Double(FailoverService.commandLimit.components.seconds)

    func validate() throws {
        guard commandLimit > 0, commandLimit <= 3600 else {
            throw ValidationError("--command-limit must be more than 0 and at most 3600 seconds")
        }
        if noDaemon && noFork { throw ValidationError("--nodaemon and --nofork exclude each other") }
    }

    func run() throws {
        let bootstrap = DaemonBootstrap(program: "fos")
        do {
            try bootstrap.blockSignals([.hangup, .terminate, .interrupt, .child])
        } catch {
            Console.error("fos: \(error)")
            throw ExitCode(1)
        }
        // The services run only while pulse does: if pulse dies, they are stopped as on SIGTERM,
        // so that they never run on both directors once the partner takes over.
        _ = lvs_set_parent_death_signal(SIGTERM)
        bootstrap.bootstrapLogging(noDaemon ? .standardError : .syslog, logSocket: logSocket)
        let logger = bootstrap.logger(verbose: verbose)

        let settings = FailoverServiceLaunch.Settings(
            nanny: nannyPath ?? DaemonBootstrap.siblingExecutable("nanny", fallback: "/usr/sbin/nanny"),
            verbose: verbose, foreground: noDaemon, logSocket: logSocket == "/dev/log" ? nil : logSocket)
        let launches: [FailoverServiceLaunch]
        do {
            let result = LVSConfigParser().parse(try LVSConfigFile.read(configFile), file: configFile)
            for diagnostic in result.diagnostics where diagnostic.severity == .error { Console.error("\(diagnostic)") }
            guard !result.hasErrors else {
                logger.critical("\(configFile) has \(result.errorCount) error(s); not starting")
                throw ExitCode(1)
            }
            launches = try FailoverServiceLaunch.launches(of: result.config, settings: settings)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            logger.critical("\(configFile): \(error); not starting")
            if !noDaemon { Console.error("fos: \(configFile): \(error)") }
            throw ExitCode(1)
        }

        do {
            let loop = EventLoop()
            let reaper = try ChildReaper(loop: loop, strategy: .allChildren, logger: logger)
            let daemon = FOSDaemon(
                configPath: configFile, settings: settings,
                commandLimit: .milliseconds(Int64((commandLimit * 1000).rounded())), loop: loop, reaper: reaper,
                logger: logger)
            let status = try daemon.run(launches)
            logger.notice(status == 0 ? "failover services stopped; exiting" : "exiting with status \(status)")
            throw ExitCode(status)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
    }
}
