#if canImport(Glibc)
import Glibc
#endif
import Control
import DaemonSupport
import Heartbeat
import Addressing
import Logging

/// lvsd as pulse runs it: spawned with a readiness pipe (`--ready-fd 3`), started again when it
/// dies (the kernel's table stays meanwhile, and the new lvsd adopts it), stopped with SIGTERM and
/// SIGKILL after the stop timeout. When and whether are ``ChildSupervision``'s decisions; this
/// wires them to the reaper, the loop and the pipe, and reports the table's readiness. An lvsd
/// that an earlier pulse left running is stopped the same way before the first one starts.
final class LVSDRunner {
    /// How lvsd is started (`--ready-fd` is added here).
    private let launch: LVSDLaunch
    /// `false` under `--norun`: lvsd never runs and the table is not reported.
    let enabled: Bool
    /// Warm standby: a not-wanted lvsd means pulse is stopping, not a cold standby.
    private let warmStandby: Bool
    private var supervision: ChildSupervision
    private let loop: EventLoop
    private let reaper: ChildReaper
    private let logger: Logger
    private var wakeTimer: EventLoop.TimerID?
    private var queued: [ChildSupervision.Event] = []
    private var handling = false
    private var pipe: (descriptor: FileDescriptor, watch: EventLoop.WatchID, lines: LineFramer)?
    /// The lvsd an earlier pulse left running, while it is being stopped.
    private var leftover: (process: ProcessDescriptor, watch: EventLoop.WatchID)?
    /// The last readiness line lvsd wrote since it started ("checking 2", "ready").
    private var reported: TableReadiness?
    private var announced: TableReadiness
    /// Called on the loop whenever ``readiness`` changes.
    var onReadiness: (TableReadiness) -> Void = { _ in }
    /// Called with `up VIP N` lines (`cluster_mode = bgp`): N real servers are available on VIP.
    var onAvailability: (IPAddress, Int) -> Void = { _, _ in }
    /// Called when lvsd cannot be kept running (once, until it runs stably again).
    var onFailure: (String) -> Void = { _ in }
    /// Called when nothing runs or is stopping any more after ``stop()``.
    var onStopped: () -> Void = {}

    /// How lvsd is restarted: quickly at first (the table serves on without it, but unchecked),
    /// then backing off; five deaths within five minutes mean it cannot be kept running.
    static let backoff = RestartBackoff.Configuration(
        initialDelay: .milliseconds(500), multiplier: 2, maximumDelay: .seconds(30), stableRuntime: .seconds(60),
        failureLimit: 5, window: .seconds(300))

    /// lvsd is restarted with ``backoff``. The fos daemon exits only when a failover service
    /// failed (or when it crashed, which may have left a service half-run): its first exit is a
    /// failure, it is not restarted, and the director hands over; each activation starts afresh.
    static func supervision(for launch: LVSDLaunch, stopTimeout: Duration) -> ChildSupervision {
        guard !launch.reportsReadiness else { return ChildSupervision(backoff: backoff, stopTimeout: stopTimeout) }
        return ChildSupervision(
            backoff: RestartBackoff.Configuration(
                initialDelay: .seconds(1), maximumDelay: .seconds(1), failureLimit: 1, window: .seconds(1)),
            stopTimeout: stopTimeout, giveUpPolicy: .waitForRetry)
    }

    /// `lvsd` or `fos`, for the log.
    private var name: String { launch.program }

    /// Where lvsd finds the write end of its readiness pipe.
    static let readyDescriptor: Int32 = 3

    init(
        launch: LVSDLaunch, enabled: Bool, warmStandby: Bool, stopTimeout: Duration, loop: EventLoop,
        reaper: ChildReaper,
        logger: Logger
    ) {
        var launch = launch
        launch.readyDescriptor = launch.reportsReadiness ? Self.readyDescriptor : nil
        self.launch = launch
        self.enabled = enabled
        self.warmStandby = warmStandby
        supervision = Self.supervision(for: launch, stopTimeout: stopTimeout)
        self.loop = loop
        self.reaper = reaper
        self.logger = logger
        announced = enabled && launch.reportsReadiness ? (warmStandby ? .down : .cold) : .unreported
    }

    /// What pulse announces about this director's table.
    var readiness: TableReadiness { announced }

    /// lvsd's PID while it runs.
    var pid: pid_t? { supervision.running?.pid }

    /// Whether no lvsd runs or is stopping.
    var isStopped: Bool { !supervision.isRunning && supervision.stopping.isEmpty }

    /// Keeps lvsd running from now on.
    func start() {
        guard enabled else { return }
        if !launch.reportsReadiness, isStopped {
            supervision = Self.supervision(for: launch, stopTimeout: supervision.stopTimeout)
        }
        handle(.start)
    }

    /// Stops lvsd (and keeps it stopped).
    func stop() {
        guard enabled else { return onStopped() }
        handle(.stop)
        if isStopped { onStopped() }
    }

    /// Stops the lvsd that an earlier pulse, killed before it could stop it, left running (lvsd's
    /// pidfile names a live lvsd), so that the lvsd this one starts can take the pidfile (it adopts
    /// the table): SIGTERM, then SIGKILL after the stop timeout. lvsd is started once it has
    /// exited; a pidfd tells when, so nothing waits on the loop meanwhile.
    func stopLeftover() {
        guard enabled, launch.reportsReadiness, let pid = Pidfile.recordedPID(at: launch.pidfilePath),
            Pidfile.isRunning(pid, program: "lvsd")
        else { return }
        let process: ProcessDescriptor
        do {
            guard let opened = try ProcessDescriptor.open(pid) else { return }
            process = opened
        } catch {
            logger.warning("stopping \(name) (PID \(pid)) left running by an earlier pulse")
            logger.error("cannot wait for \(name) (PID \(pid)) to stop: \(error); starting the new one all the same")
            _ = try? Signal.terminate.send(to: pid)
            return
        }
        // The PID may have gone to another program between the first look and the pidfd.
        guard Pidfile.isRunning(pid, program: "lvsd") else { return process.close() }
        let watch = loop.watch(process.descriptor, for: .readable) { [unowned self] _ in leftoverExited() }
        leftover = (process, watch)
        handle(.stopLeftover(pid))
    }

    /// Passes a reload on (SIGHUP); returns what happened, for the reload's summary.
    func reload() -> String? {
        guard let pid else { return nil }
        do {
            _ = try reaper.send(.hangup, to: pid)
            return "\(name) reloads"
        } catch {
            logger.error("passing the reload to \(name) (PID \(pid)): \(error)")
            return "passing it to \(name) failed: \(error)"
        }
    }

    /// lvsd as the status report shows it.
    var status: PulseStatus.LVSDProcess {
        PulseStatus.LVSDProcess(enabled: enabled, supervision: supervision, at: loop.now)
    }

    // MARK: - Decisions carried out

    /// Feeds `event` to the supervision; events raised while carrying out its actions (a spawn's
    /// outcome) are handled after, in order.
    private func handle(_ event: ChildSupervision.Event) {
        queued.append(event)
        guard !handling else { return }
        handling = true
        defer { handling = false }
        while !queued.isEmpty {
            for action in supervision.handle(queued.removeFirst(), at: loop.now) {
                perform(action)
            }
        }
        updateReadiness()
    }

    private func perform(_ action: ChildSupervision.Action) {
        switch action {
        case .spawn:
            spawn()
        case .terminate(let pid) where pid == leftover?.process.pid:
            logger.warning("stopping \(name) (PID \(pid)) left running by an earlier pulse")
            signalLeftover(.terminate)
        case .terminate(let pid):
            closePipe()
            do {
                if try reaper.send(.terminate, to: pid) { logger.info("stopping \(name)", metadata: ["pid": "\(pid)"]) }
            } catch {
                logger.error("stopping \(name) (PID \(pid)): \(error)")
            }
        case .kill(let pid):
            logger.warning("\(name) (PID \(pid)) did not stop within \(supervision.stopTimeout) of SIGTERM: killing it")
            if pid == leftover?.process.pid {
                signalLeftover(.kill)
            } else {
                _ = try? reaper.send(.kill, to: pid)
            }
        case .restartScheduled(let delay, let reason):
            logger.error(
                "\(name) \(reason); starting it again in \(delay)\(launch.reportsReadiness ? " (the kernel's table stays meanwhile)" : "")"
            )
        case .gaveUp(let giveUp):
            logger.critical("\(name) cannot be kept running: \(giveUp)")
            onFailure(giveUp.description)
        case .wakeUp(let at):
            if let wakeTimer { loop.cancel(wakeTimer) }
            wakeTimer = loop.schedule(at: at) { [unowned self] in
                wakeTimer = nil
                handle(.tick)
            }
        }
    }

    private func spawn() {
        guard launch.reportsReadiness else { return spawnWithoutReadiness() }
        let ends: (read: FileDescriptor, write: FileDescriptor)
        do {
            ends = try FileDescriptor.makePipe()
            try ends.read.setNonBlocking()
        } catch {
            return handle(.spawnFailed("its readiness pipe: \(error)"))
        }
        let spec = ChildProcessSpec(
            executable: launch.executable, arguments: launch.arguments,
            mappedDescriptors: [Self.readyDescriptor: ends.write])
        let spawned: SpawnedProcess
        do {
            spawned = try reaper.spawn(spec) { [unowned self] exit in exited(exit) }
        } catch {
            ends.read.closeQuietly()
            ends.write.closeQuietly()
            logger.error("cannot start \(name) (\(launch.commandLine)): \(error)")
            return handle(.spawnFailed("\(error)"))
        }
        ends.write.closeQuietly()
        closePipe()
        let watch = loop.watch(ends.read, for: .readable) { [unowned self] _ in readPipe() }
        pipe = (ends.read, watch, LineFramer(maximumLineLength: 64))
        reported = nil
        logger.notice("started \(name): \(launch.commandLine)", metadata: ["pid": "\(spawned.pid)"])
        handle(.spawned(spawned.pid))
    }

    /// The fos daemon: no readiness pipe.
    private func spawnWithoutReadiness() {
        let spec = ChildProcessSpec(executable: launch.executable, arguments: launch.arguments)
        do {
            let spawned = try reaper.spawn(spec) { [unowned self] exit in exited(exit) }
            logger.notice("started \(name): \(launch.commandLine)", metadata: ["pid": "\(spawned.pid)"])
            handle(.spawned(spawned.pid))
        } catch {
            logger.error("cannot start \(name) (\(launch.commandLine)): \(error)")
            handle(.spawnFailed("\(error)"))
        }
    }

    private func exited(_ exit: ChildExit) {
        if supervision.stopping.contains(exit.pid) {
            logger.info("\(name) stopped (\(exit.status))", metadata: ["pid": "\(exit.pid)"])
        }
        if supervision.running?.pid == exit.pid { closePipe() }
        handle(.exited(exit.pid, how: "(PID \(exit.pid)) \(exit.status)"))
        if isStopped, !supervision.wanted { onStopped() }
    }

    private func signalLeftover(_ signal: Signal) {
        guard let process = leftover?.process else { return }
        do {
            try process.send(signal)
        } catch {
            logger.error("stopping \(name) (PID \(process.pid)): \(error)")
        }
    }

    /// The leftover lvsd has exited (it is not this process's child: its parent or init collects it).
    private func leftoverExited() {
        guard let current = leftover else { return }
        loop.unwatch(current.watch)
        current.process.close()
        leftover = nil
        handle(.exited(current.process.pid, how: "exited"))
        if isStopped, !supervision.wanted { onStopped() }
    }

    /// Reads lvsd's readiness lines; end of file means lvsd is gone (its exit is reported apart).
    private func readPipe() {
        guard var current = pipe else { return }
        let bytes: [UInt8]
        do {
            guard let read = try current.descriptor.read(upTo: 512) else { return }  // nothing yet
            bytes = read
        } catch {
            logger.warning("lvsd's readiness pipe: \(error)")
            return closePipe()
        }
        guard !bytes.isEmpty else { return closePipe() }
        for output in current.lines.feed(bytes) {
            switch output {
            case .line(let text):
                let line = String(decoding: text, as: UTF8.self)
                if let readiness = Self.readiness(line) {
                    reported = readiness
                } else if let (vip, count) = Self.availability(line) {
                    onAvailability(vip, count)
                } else {
                    logger.warning("lvsd wrote an unknown readiness line on --ready-fd: \(line)")
                }
            case .overflow:
                logger.warning("lvsd wrote a readiness line of more than 64 bytes on --ready-fd; no longer reading it")
                return closePipe()
            }
        }
        pipe = current
        updateReadiness()
    }

    private func closePipe() {
        guard let current = pipe else { return }
        loop.unwatch(current.watch)
        current.descriptor.closeQuietly()
        pipe = nil
    }

    /// `checking N` or `ready`.
    /// `up VIP N`: the real servers available on a VIP.
    static func availability(_ line: String) -> (IPAddress, Int)? {
        let words = line.split(separator: " ")
        guard words.count == 3, words[0] == "up", let vip = IPAddress(String(words[1])), let count = Int(words[2]),
            count >= 0
        else { return nil }
        return (vip, count)
    }

    static func readiness(_ line: String) -> TableReadiness? {
        if line == "ready" { return .ready }
        let words = line.split(separator: " ")
        if words.count == 2, words[0] == "checking", let count = Int(words[1]), count >= 0 {
            return .checking(awaiting: count)
        }
        return nil
    }

    private func updateReadiness() {
        let now: TableReadiness
        if !enabled || !launch.reportsReadiness {
            now = .unreported
        } else if supervision.running != nil {
            now = reported ?? .checking(awaiting: nil)
        } else if supervision.wanted || warmStandby {
            now = .down
        } else {
            now = .cold
        }
        guard now != announced else { return }
        announced = now
        onReadiness(now)
    }
}
