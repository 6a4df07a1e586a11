import ArgumentParser
import DaemonSupport
import Glibc
import Heartbeat
import Interfaces
import Logging
import Pulse

/// `pulse`: decides which director is active and moves the VIPs. Argument parsing and start-up
/// only; the decisions live in the `Heartbeat` and `Pulse` libraries.
@main
struct PulseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pulse",
        abstract: "Heartbeat with the peer director; the active one holds the VIPs and runs lvsd (or fos).",
        discussion: """
            Started by init on both directors. SIGHUP re-reads lvs.cf (a broken file is rejected and \
            the running state stays) and passes the reload to lvsd. SIGTERM announces "stopping" so \
            the peer takes over at once, releases the VIPs, stops lvsd and exits 0. The control socket \
            (root only) answers lvsctl.
            """,
        version: SuiteVersion.line(for: "pulse")
    )

    @Option(
        name: [.customShort("c"), .customLong("configfile")],
        help: ArgumentHelp("The configuration file.", valueName: "FILE"))
    var configFile = "/etc/sysconfig/ha/lvs.cf"

    @Flag(
        name: [.customShort("n"), .customLong("nodaemon")],
        help: "Stay in the foreground and log to standard error instead of syslog.")
    var noDaemon = false

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Log debug messages; passes -v on to lvsd.")
    var verbose = false

    @Flag(
        name: [.customShort("t"), .customLong("test-start")],
        help: "Do not start lvsd (heartbeats, VIPs and ARPs still run).")
    var testStart = false

    @Flag(name: .customLong("norun"), help: "The same as --test-start.")
    var noRun = false

    @Flag(name: .customLong("forceactive"), help: "Activate at start without listening for the peer first.")
    var forceActive = false

    @Option(
        name: [.customLong("lvsd"), .customLong("lvs")],
        help: ArgumentHelp("The lvsd binary (default: lvsd beside pulse, else /usr/sbin/lvsd).", valueName: "PATH"))
    var lvsdPath: String?

    @Option(
        name: .customLong("fos"),
        help: ArgumentHelp(
            "The fos binary, run instead of lvsd with service = fos (default: fos beside pulse, else /usr/sbin/fos).",
            valueName: "PATH"))
    var fosPath: String?

    @Option(
        name: .customLong("runtime-directory"),
        help: ArgumentHelp("Control socket (pulse.sock) and pidfile (pulse.pid).", valueName: "DIR"))
    var runtimeDirectory = "/run/pulse"

    @Option(
        name: .customLong("log-socket"), help: ArgumentHelp("The syslog socket, for pulse and lvsd.", valueName: "PATH")
    )
    var logSocket = "/dev/log"

    @Flag(
        name: .customLong("no-realtime"),
        help:
            "Run in the normal scheduling class, memory not locked (default: SCHED_RR priority 10 and mlockall, so heartbeats stay on time on a loaded director)."
    )
    var noRealtime = false

    @Option(
        name: .customLong("lvsd-runtime-directory"),
        help: ArgumentHelp("Passed to lvsd as --runtime-directory (its control socket and pidfile).", valueName: "DIR"))
    var lvsdRuntimeDirectory: String?

    @Option(
        name: .customLong("lvsd-stop-timeout"),
        help: ArgumentHelp("Seconds lvsd gets to stop after SIGTERM before SIGKILL.", valueName: "SECONDS"))
    var lvsdStopTimeout: Double = 5

    @Flag(
        name: .customLong("no-vip-guard"),
        help:
            "Run no VIP guard (default: a small process takes the VIPs down when pulse dies or stops sending heartbeats, before the peer takes them over)."
    )
    var noVIPGuard = false

    // The VIP guard mode: pulse starts its own program with these (VIPGuardLaunch).
    @Flag(name: .customLong("vip-guard"), help: .hidden)
    var vipGuard = false

    @Option(name: .customLong("guard-limit-ms"), help: .hidden)
    var guardLimitMilliseconds: Int?

    @Argument(help: .hidden)
    var guardAddresses: [String] = []

    func validate() throws {
        guard lvsdStopTimeout > 0, lvsdStopTimeout <= 300 else {
            throw ValidationError("--lvsd-stop-timeout must be more than 0 and at most 300 seconds")
        }
        if vipGuard {
            guard let limit = guardLimitMilliseconds, limit > 0 else {
                throw ValidationError("--vip-guard needs --guard-limit-ms with a number of milliseconds above 0")
            }
        } else if !guardAddresses.isEmpty || guardLimitMilliseconds != nil {
            throw ValidationError(
                "unexpected argument '\(guardAddresses.first ?? "--guard-limit-ms")' (pulse takes options only)")
        }
    }

    var options: PulseOptions {
        PulseOptions(
            configPath: configFile, foreground: noDaemon, verbose: verbose, startsLVSD: !(testStart || noRun),
            forceActive: forceActive,
            lvsdPath: lvsdPath ?? DaemonBootstrap.siblingExecutable("lvsd", fallback: "/usr/sbin/lvsd"),
            runtimeDirectory: runtimeDirectory,
            logSocket: logSocket == "/dev/log" ? nil : logSocket, lvsdRuntimeDirectory: lvsdRuntimeDirectory,
            lvsdStopTimeout: .milliseconds(Int64((lvsdStopTimeout * 1000).rounded())),
            vipGuard: noVIPGuard
                ? nil
                : (try? Daemonizer.ownExecutable()).map {
                    VIPGuardLaunch(
                        executable: $0, foreground: noDaemon, logSocket: logSocket == "/dev/log" ? nil : logSocket,
                        realtime: !noRealtime)
                },
            fosPath: fosPath ?? DaemonBootstrap.siblingExecutable("fos", fallback: "/usr/sbin/fos"))
    }

    func run() throws {
        if vipGuard { return try VIPGuardMode(command: self).run() }
        do {
            try bootstrap.blockSignals([.hangup, .terminate, .interrupt, .child])
        } catch {
            Console.error("pulse: \(error)")
            throw ExitCode(1)
        }
        // The daemon is this program started again; it checks everything itself, still printing
        // to the admin's terminal until it reports.
        let readiness: DaemonReadiness?
        switch bootstrap.detach(foreground: noDaemon) {
        case .proceed(let ready):
            readiness = ready
        case .exit(let status, let problem):
            if let problem { Console.error("pulse: \(problem)") }
            throw ExitCode(status)
        }
        let options = options
        bootstrapLogging()
        let logger = bootstrap.logger(verbose: verbose)

        let prepared = try PulseStartup.prepare(options, logger: logger)
        if !noRealtime {
            // In the daemon itself; children start in the normal class (reset on fork).
            for problem in RealtimeScheduling.enable() {
                logger.warning("running without real-time scheduling or locked memory: \(problem)")
            }
        }
        let status = PulseStartup.run(prepared, options: options, bootstrap: bootstrap, logger: logger) { problem in
            if let line = bootstrap.reportStart(problem, readiness: readiness, logger: logger) { Console.error(line) }
        }
        throw ExitCode(status)
    }

    /// pulse's start-up steps, shared with its VIP guard.
    var bootstrap: DaemonBootstrap { DaemonBootstrap(program: "pulse") }

    /// Logs go to standard error with `-n`, to syslog (ident `pulse`) otherwise; the VIP guard's too.
    func bootstrapLogging() {
        bootstrap.bootstrapLogging(noDaemon ? .standardError : .syslog, logSocket: logSocket)
    }
}
