import DaemonSupport
import Glibc
import HealthCheck
import Logging
import Units

/// Runs one nanny per real server on the daemon's loop: spawns it (clean signal mask, one end of
/// a Unix socketpair as its descriptor 3), decodes its reports, and carries out what each nanny's
/// ``ChildSupervision`` decides: restart with backoff when it dies, give up (lvsd then marks the
/// real server down and retries later), SIGTERM to stop and SIGKILL after the stop timeout.
final class NannySupervisor {
    /// What the supervisor tells the daemon.
    struct Events {
        /// A report arrived from the nanny of a real server.
        var report: (RealServerKey, NannyReport) -> Void
        /// A nanny of a known real server is about to be started again.
        var restarting: (RealServerKey) -> Void
        /// A nanny died too often to be kept running; it is not restarted until ``retry(_:after:)``.
        var gaveUp: (RealServerKey, String) -> Void
    }

    private typealias Event = ChildSupervision.Event

    private final class Nanny {
        var launch: NannyLaunch
        var supervision: ChildSupervision
        /// Whether a nanny of this real server was spawned before: later spawns are restarts.
        var hasStarted = false
        /// Forget this nanny once nothing runs or stops.
        var forgetWhenStopped = false
        var channel: (descriptor: FileDescriptor, watch: EventLoop.WatchID)?
        var decoder = NannyReportDecoder()
        var wakeTimer: EventLoop.TimerID?

        init(launch: NannyLaunch, supervision: ChildSupervision) {
            self.launch = launch
            self.supervision = supervision
        }

        var isStopped: Bool { !supervision.isRunning && supervision.stopping.isEmpty }
    }

    private let loop: EventLoop
    private let reaper: ChildReaper
    private let logger: Logger
    private let backoff: RestartBackoff.Configuration
    private let stopTimeout: Duration
    private let label: (RealServerKey) -> String
    private let events: Events
    private let forkServer: NannyForkServerLink?
    private var nannies: [RealServerKey: Nanny] = [:]
    private var onAllStopped: (() -> Void)?

    /// A supervisor on `loop`; a nanny gets `stopTimeout` to exit after SIGTERM; `label` names a
    /// real server in log lines. With `forkServer`, the suite's nannies are forked from it.
    init(
        loop: EventLoop, reaper: ChildReaper, backoff: RestartBackoff.Configuration, stopTimeout: Duration,
        logger: Logger, label: @escaping (RealServerKey) -> String, events: Events,
        forkServer: NannyForkServerLink? = nil
    ) {
        self.forkServer = forkServer
        self.loop = loop
        self.reaper = reaper
        self.backoff = backoff
        self.stopTimeout = stopTimeout
        self.logger = logger
        self.label = label
        self.events = events
    }

    /// The PIDs of the nannies running now.
    var runningPIDs: [pid_t] { nannies.values.compactMap(\.supervision.running?.pid).sorted() }

    /// How many nannies are running or about to be started again.
    var count: Int { nannies.count }

    /// Starts the nanny of `key` (once the one still stopping, if any, has exited).
    func start(_ key: RealServerKey, _ launch: NannyLaunch) {
        let nanny =
            nannies[key]
            ?? Nanny(
                launch: launch,
                supervision: ChildSupervision(backoff: backoff, stopTimeout: stopTimeout, giveUpPolicy: .waitForRetry))
        nannies[key] = nanny
        nanny.launch = launch
        nanny.forgetWhenStopped = false
        handle(key, nanny, .start)
    }

    /// Stops the nanny of `key` for good.
    func stop(_ key: RealServerKey) {
        guard let nanny = nannies[key] else { return }
        nanny.forgetWhenStopped = true
        handle(key, nanny, .stop)
    }

    /// Stops the nanny of `key` and starts `launch` in its place as soon as it has exited.
    func replace(_ key: RealServerKey, with launch: NannyLaunch) {
        guard let nanny = nannies[key] else { return start(key, launch) }
        nanny.launch = launch
        nanny.forgetWhenStopped = false
        handle(key, nanny, .restart)
    }

    /// Starts a nanny given up on again after `delay`, with a fresh backoff.
    func retry(_ key: RealServerKey, after delay: Duration) {
        guard let nanny = nannies[key] else { return }
        handle(key, nanny, .retry(after: delay))
    }

    /// Stops every nanny: SIGTERM, then SIGKILL for those still running after the stop timeout;
    /// calls `completion` once all have exited.
    func stopAll(completion: @escaping () -> Void) {
        onAllStopped = completion
        for (key, nanny) in nannies {
            nanny.forgetWhenStopped = true
            handle(key, nanny, .stop)
        }
        checkAllStopped()
    }

    // MARK: Decisions carried out

    private func handle(_ key: RealServerKey, _ nanny: Nanny, _ event: Event) {
        var queue = [event]
        while !queue.isEmpty {
            for action in nanny.supervision.handle(queue.removeFirst(), at: loop.now) {
                if let next = perform(action, key, nanny) { queue.append(next) }
            }
        }
        if nanny.forgetWhenStopped, nanny.isStopped {
            if let timer = nanny.wakeTimer { loop.cancel(timer) }
            if nannies[key] === nanny { nannies[key] = nil }
            checkAllStopped()
        }
    }

    /// Carries out `action`; returns the event it raised (a spawn's outcome).
    private func perform(_ action: ChildSupervision.Action, _ key: RealServerKey, _ nanny: Nanny) -> Event? {
        switch action {
        case .spawn:
            if nanny.hasStarted { events.restarting(key) }
            nanny.hasStarted = true
            return spawn(key, nanny)
        case .terminate(let pid):
            do {
                try reaper.send(.terminate, to: pid)
            } catch {
                logger.warning("stopping the nanny of \(label(key)) (PID \(pid)): \(error)")
            }
        case .kill(let pid):
            logger.warning("nanny of \(label(key)) (PID \(pid)) did not stop on SIGTERM; killing it")
            _ = try? reaper.send(.kill, to: pid)
        case .restartScheduled(let delay, let reason):
            logger.error(
                "the nanny of \(label(key)) failed: \(reason); restarting it in \(delay.secondsText(unit: true))")
        case .gaveUp(let giveUp):
            events.gaveUp(
                key,
                "its nanny failed \(giveUp.failures) times within \(giveUp.window.secondsText(unit: true)), last: \(giveUp.last)"
            )
        case .wakeUp(let at):
            if let timer = nanny.wakeTimer { loop.cancel(timer) }
            nanny.wakeTimer = loop.schedule(at: at) { [unowned self] in
                nanny.wakeTimer = nil
                handle(key, nanny, .tick)
            }
        }
        return nil
    }

    // MARK: Processes

    private func spawn(_ key: RealServerKey, _ nanny: Nanny) -> Event {
        let pair: (FileDescriptor, FileDescriptor)
        do {
            pair = try FileDescriptor.socketPair()
        } catch {
            return .spawnFailed("creating its report socket: \(error)")
        }
        let (ours, theirs) = pair
        let launch = nanny.launch
        let spec = ChildProcessSpec(
            executable: launch.executable, arguments: launch.arguments,
            argumentZero: Self.argumentZero(launch.executable),
            mappedDescriptors: [3: theirs])
        let onExit: (ChildExit) -> Void = { [weak self, weak nanny] exit in
            guard let self, let nanny else { return }
            self.exited(key, nanny, exit)
        }
        let pid: pid_t
        if launch.isSuiteNanny, let forkServer,
            let forked = forkServer.spawn(launch.arguments, report: theirs, command: spec.commandLine, onExit: onExit)
        {
            pid = forked
        } else {
            do {
                pid = try reaper.spawn(spec, onExit: onExit).pid
            } catch {
                ours.closeQuietly()
                theirs.closeQuietly()
                return .spawnFailed("\(launch.executable): \(error.reason)")
            }
        }
        theirs.closeQuietly()
        closeChannel(nanny)
        do {
            try ours.setNonBlocking()
        } catch {
            // Running but unreachable: stop it; its exit is then a failure like any other.
            ours.closeQuietly()
            _ = try? reaper.send(.kill, to: pid)
            return .spawned(pid)
        }
        let watch = loop.watch(ours, for: .readable) { [unowned self] _ in readReports(key, nanny) }
        nanny.channel = (ours, watch)
        nanny.decoder = NannyReportDecoder()
        logger.debug(
            "started the nanny of \(label(key))",
            metadata: ["pid": "\(pid)", "command": "\(launch.commandLine)"])
        return .spawned(pid)
    }

    private func exited(_ key: RealServerKey, _ nanny: Nanny, _ exit: ChildExit) {
        if nanny.supervision.running?.pid == exit.pid {
            readReports(key, nanny)
            closeChannel(nanny)
        } else if nanny.supervision.stopping.contains(exit.pid) {
            logger.debug("the nanny of \(label(key)) stopped (\(exit.status))")
        }
        handle(key, nanny, .exited(exit.pid, how: "it \(exit.status)"))
    }

    // MARK: Reports

    private func readReports(_ key: RealServerKey, _ nanny: Nanny) {
        guard let channel = nanny.channel else { return }
        // Bounded per turn: 64 reads of 4 KiB, so one chatty nanny cannot starve the others.
        for _ in 0..<64 {
            let bytes: [UInt8]
            do {
                guard let read = try channel.descriptor.read(upTo: 4096) else { return }
                bytes = read
            } catch {
                logger.warning("reading reports from the nanny of \(label(key)): \(error)")
                closeChannel(nanny)
                return
            }
            if bytes.isEmpty {
                closeChannel(nanny)
                return
            }
            for result in nanny.decoder.feed(bytes) {
                switch result {
                case .success(let report): events.report(key, report)
                case .failure(let error): logger.warning("the nanny of \(label(key)) sent a bad report: \(error)")
                }
            }
            // A short read took everything there was: no second call just to hear EAGAIN.
            if bytes.count < 4096 { return }
        }
    }

    private func closeChannel(_ nanny: Nanny) {
        guard let channel = nanny.channel else { return }
        loop.unwatch(channel.watch)
        channel.descriptor.closeQuietly()
        nanny.channel = nil
    }

    private func checkAllStopped() {
        guard nannies.isEmpty, let completion = onAllStopped else { return }
        onAllStopped = nil
        completion()
    }

    /// `nanny` for `/usr/sbin/nanny`: what `ps` shows, as Piranha's lvsd did.
    private static func argumentZero(_ executable: String) -> String {
        executable.split(separator: "/").last.map(String.init) ?? executable
    }
}
