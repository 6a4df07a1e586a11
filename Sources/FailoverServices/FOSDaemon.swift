#if canImport(Glibc)
import Glibc
#endif
import DaemonSupport
import LVSConfig
import Logging

/// The fos daemon's runtime: runs the failover services on the active director, as
/// ``FailoverServiceSupervisor`` decides. It only wires the decisions to processes, timers,
/// signals and the log.
///
/// pulse starts it when the director activates (after the VIPs are up) and stops it with
/// SIGTERM when it lets go; it exits on its own, with ``FailoverServiceSupervisor/failureStatus``,
/// when a service fails, and pulse then hands over. SIGHUP re-reads lvs.cf.
public final class FOSDaemon {
    private let configPath: String
    private let settings: FailoverServiceLaunch.Settings
    /// How long a `start_cmd` or `stop_cmd` may run before it is killed (and counts as failed).
    private let commandLimit: Duration
    private let loop: EventLoop
    private let reaper: ChildReaper
    private let logger: Logger
    private var supervisor = FailoverServiceSupervisor()
    private var command: (pid: pid_t, timer: EventLoop.TimerID, overran: Bool)?
    private var watches: [String: pid_t] = [:]
    private var exitStatus: Int32?

    /// A daemon for lvs.cf at `configPath` (read again on SIGHUP), starting nannies with `settings`.
    public init(
        configPath: String, settings: FailoverServiceLaunch.Settings, commandLimit: Duration, loop: EventLoop,
        reaper: ChildReaper, logger: Logger
    ) {
        self.configPath = configPath
        self.settings = settings
        self.commandLimit = commandLimit
        self.loop = loop
        self.reaper = reaper
        self.logger = logger
    }

    /// Starts `launches` and runs until every service has stopped; returns the exit status.
    public func run(_ launches: [FailoverServiceLaunch]) throws(SystemCallError) -> Int32 {
        for signal in [Signal.terminate, .interrupt] {
            try loop.handle(signal) { [unowned self] info in handle(.stop("\(info.signal)")) }
        }
        try loop.handle(.hangup) { [unowned self] _ in reload() }
        logger.notice("starting failover services: \(launches.map { "'\($0.name)'" }.joined(separator: ", "))")
        handle(.begin(launches))
        while exitStatus == nil {
            try loop.run()
        }
        return exitStatus!
    }

    private func handle(_ event: FailoverServiceSupervisor.Event) {
        for action in supervisor.handle(event) {
            switch action {
            case .runCommand(let kind, let words, let name):
                runCommand(kind, words, of: name)
            case .startWatch(let name, let words):
                startWatch(name, words)
            case .stopWatch(let name):
                if let pid = watches[name] { _ = try? reaper.send(.terminate, to: pid) }
            case .log(let level, let text):
                logger.log(level: level, "\(text)")
            case .exit(let status):
                exitStatus = status
                loop.stop()
            }
        }
    }

    private func runCommand(_ kind: FailoverServiceSupervisor.CommandKind, _ words: [String], of name: String) {
        let spec = ChildProcessSpec(
            executable: words[0], arguments: Array(words.dropFirst()), newProcessGroup: true)
        let pid: pid_t
        do {
            pid = try reaper.spawn(spec) { [unowned self] exit in commandExited(exit) }.pid
        } catch {
            // Reported after this action's siblings, as an exit would be.
            loop.schedule(after: .zero) { [unowned self] in
                handle(.commandEnded(succeeded: false, how: "could not be started (\(spec.commandLine)): \(error)"))
            }
            return
        }
        logger.notice("running \(kind.rawValue) of '\(name)': \(spec.commandLine)", metadata: ["pid": "\(pid)"])
        let timer = loop.schedule(after: commandLimit) { [unowned self] in
            guard let running = command, running.pid == pid else { return }
            command?.overran = true
            logger.error("\(kind.rawValue) of '\(name)' still runs after \(commandLimit): killing it")
            // The whole process group: what the command started in the foreground goes too.
            _ = try? Signal.kill.send(to: -pid)
        }
        command = (pid, timer, false)
    }

    private func commandExited(_ exit: ChildExit) {
        guard let running = command, running.pid == exit.pid else { return }
        loop.cancel(running.timer)
        command = nil
        let how = running.overran ? "did not finish within \(commandLimit) and was killed" : "\(exit.status)"
        handle(.commandEnded(succeeded: exit.status.isSuccess && !running.overran, how: how))
    }

    private func startWatch(_ name: String, _ words: [String]) {
        let spec = ChildProcessSpec(executable: words[0], arguments: Array(words.dropFirst()))
        do {
            let pid = try reaper.spawn(spec) { [unowned self] exit in
                guard watches[name] == exit.pid else { return }
                watches[name] = nil
                handle(.watchEnded(service: name, how: "\(exit.status)"))
            }.pid
            watches[name] = pid
            logger.info("started nanny for '\(name)': \(spec.commandLine)", metadata: ["pid": "\(pid)"])
        } catch {
            loop.schedule(after: .zero) { [unowned self] in
                handle(.watchEnded(service: name, how: "could not be started (\(spec.commandLine)): \(error)"))
            }
        }
    }

    /// SIGHUP: lvs.cf read again; a file with errors changes nothing.
    private func reload() {
        do {
            let result = LVSConfigParser().parse(try LVSConfigFile.read(configPath), file: configPath)
            if result.hasErrors {
                let first = result.diagnostics.first { $0.severity == .error }.map { ": \($0)" } ?? ""
                logger.error(
                    "reload: \(configPath) has \(result.errorCount) error(s)\(first); the services run on unchanged")
                return
            }
            handle(.reload(try FailoverServiceLaunch.launches(of: result.config, settings: settings)))
        } catch {
            logger.error("reload: \(error); the services run on unchanged")
        }
    }
}
