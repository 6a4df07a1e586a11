import DaemonSupport
import Director
import Glibc
import HealthCheck
import Logging

/// Runs one nanny per real server on the daemon's loop: spawns it (clean signal mask, one end of
/// a Unix socketpair as its descriptor 3), decodes its reports, restarts it with backoff when it
/// dies, and stops it (SIGTERM) when asked.
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

    private enum State {
        /// Running, or starting again after the backoff delay.
        case supervised
        /// Asked to stop; when it exits, start this launch instead, or forget it.
        case stopping(replacement: NannyLaunch?)
        /// Died too often; waiting for the daemon.
        case abandoned
    }

    private final class Nanny {
        var launch: NannyLaunch
        var state: State = .supervised
        var pid: pid_t?
        var channel: FileDescriptor?
        var decoder = NannyReportDecoder()
        var backoff: RestartBackoff
        var restartTimer: EventLoop.TimerID?

        init(launch: NannyLaunch, backoff: RestartBackoff) {
            self.launch = launch
            self.backoff = backoff
        }
    }

    private let loop: EventLoop
    private let reaper: ChildReaper
    private let logger: Logger
    private let backoff: RestartBackoff.Configuration
    private let label: (RealServerKey) -> String
    private let events: Events
    private let channels: ReadinessGroup
    private var nannies: [RealServerKey: Nanny] = [:]
    private var onAllStopped: (() -> Void)?

    /// A supervisor on `loop`; `label` names a real server in log lines.
    init(
        loop: EventLoop, reaper: ChildReaper, backoff: RestartBackoff.Configuration, logger: Logger,
        label: @escaping (RealServerKey) -> String, events: Events
    ) throws(SystemCallError) {
        channels = try ReadinessGroup(loop: loop)
        self.loop = loop
        self.reaper = reaper
        self.backoff = backoff
        self.logger = logger
        self.label = label
        self.events = events
    }

    /// The PIDs of the nannies running now.
    var runningPIDs: [pid_t] { nannies.values.compactMap(\.pid).sorted() }

    /// How many nannies are running or about to be started again.
    var count: Int { nannies.count }

    /// Starts the nanny of `key`.
    func start(_ key: RealServerKey, _ launch: NannyLaunch) {
        if let existing = nannies[key] {
            // Stopping, about to be replaced: start this launch once it is gone.
            existing.state = .stopping(replacement: launch)
            return
        }
        let nanny = Nanny(launch: launch, backoff: RestartBackoff(backoff))
        nannies[key] = nanny
        spawn(key, nanny)
    }

    /// Stops the nanny of `key` for good.
    func stop(_ key: RealServerKey) {
        guard let nanny = nannies[key] else { return }
        nanny.state = .stopping(replacement: nil)
        terminate(key, nanny)
    }

    /// Stops the nanny of `key` and starts `launch` in its place as soon as it has exited.
    func replace(_ key: RealServerKey, with launch: NannyLaunch) {
        guard let nanny = nannies[key] else { return start(key, launch) }
        nanny.state = .stopping(replacement: launch)
        terminate(key, nanny)
    }

    /// Starts an abandoned nanny again after `delay`, with a fresh backoff.
    func retry(_ key: RealServerKey, after delay: Duration) {
        guard let nanny = nannies[key], case .abandoned = nanny.state else { return }
        nanny.state = .supervised
        nanny.backoff.reset()
        nanny.restartTimer = loop.schedule(after: delay) { [unowned self] in
            nanny.restartTimer = nil
            guard nannies[key] === nanny, case .supervised = nanny.state else { return }
            events.restarting(key)
            spawn(key, nanny)
        }
    }

    /// Stops every nanny: SIGTERM, then SIGKILL for those still running after `grace`; calls
    /// `completion` once all have exited.
    func stopAll(grace: Duration, completion: @escaping () -> Void) {
        for (key, nanny) in nannies {
            nanny.state = .stopping(replacement: nil)
            terminate(key, nanny)
        }
        onAllStopped = completion
        checkAllStopped()
        guard onAllStopped != nil else { return }
        loop.schedule(after: grace) { [unowned self] in
            for (key, nanny) in nannies {
                guard let pid = nanny.pid else { continue }
                logger.warning("nanny of \(label(key)) (PID \(pid)) did not stop on SIGTERM; killing it")
                _ = try? reaper.send(.kill, to: pid)
            }
        }
    }

    // MARK: Processes

    private func spawn(_ key: RealServerKey, _ nanny: Nanny) {
        let pair: (FileDescriptor, FileDescriptor)
        do {
            pair = try FileDescriptor.socketPair()
        } catch {
            return failed(key, nanny, startedAt: loop.now, reason: "creating its report socket: \(error)")
        }
        let (ours, theirs) = pair
        let launch = nanny.launch
        let spec = ChildProcessSpec(
            executable: launch.executable, arguments: launch.arguments, argumentZero: Self.argumentZero(launch.executable),
            mappedDescriptors: [3: theirs])
        let startedAt = loop.now
        do {
            let spawned = try reaper.spawn(spec) { [weak self, weak nanny] exit in
                guard let self, let nanny else { return }
                self.exited(key, nanny, exit)
            }
            theirs.close()
            nanny.pid = spawned.pid
            try ours.setNonBlocking()
            try channels.add(ours) { [unowned self] in readReports(key, nanny) }
            nanny.channel = ours
            nanny.decoder = NannyReportDecoder()
            logger.debug("started the nanny of \(label(key))", metadata: ["pid": "\(spawned.pid)", "command": "\(launch.commandLine)"])
        } catch {
            ours.close()
            theirs.close()
            // Running but unreachable (its socket could not be watched): stop it; its exit is
            // then a failure like any other.
            if let pid = nanny.pid {
                _ = try? reaper.send(.kill, to: pid)
                return
            }
            failed(key, nanny, startedAt: startedAt, reason: "starting \(launch.executable): \(error.reason)")
        }
    }

    private func terminate(_ key: RealServerKey, _ nanny: Nanny) {
        if let timer = nanny.restartTimer {
            loop.cancel(timer)
            nanny.restartTimer = nil
        }
        guard let pid = nanny.pid else {
            // Not running (waiting to restart, or abandoned): it is already stopped.
            finishStop(key, nanny)
            return
        }
        do {
            try reaper.send(.terminate, to: pid)
        } catch {
            logger.warning("stopping the nanny of \(label(key)) (PID \(pid)): \(error)")
        }
    }

    private func exited(_ key: RealServerKey, _ nanny: Nanny, _ exit: ChildExit) {
        guard nanny.pid == exit.pid else { return }
        readReports(key, nanny)
        closeChannel(nanny)
        nanny.pid = nil
        switch nanny.state {
        case .stopping:
            logger.debug("the nanny of \(label(key)) stopped (\(exit.status))")
            finishStop(key, nanny)
        case .supervised:
            failed(key, nanny, startedAt: exit.startedAt, reason: "it \(exit.status)", exitedAt: exit.exitedAt)
        case .abandoned:
            break
        }
    }

    private func finishStop(_ key: RealServerKey, _ nanny: Nanny) {
        guard case .stopping(let replacement) = nanny.state else { return }
        if let replacement, onAllStopped == nil {
            nanny.launch = replacement
            nanny.state = .supervised
            nanny.backoff.reset()
            events.restarting(key)
            spawn(key, nanny)
            return
        }
        if nannies[key] === nanny { nannies[key] = nil }
        checkAllStopped()
    }

    private func failed(
        _ key: RealServerKey, _ nanny: Nanny, startedAt: ContinuousClock.Instant, reason: String,
        exitedAt: ContinuousClock.Instant? = nil
    ) {
        let now = exitedAt ?? loop.now
        switch nanny.backoff.recordFailure(startedAt: startedAt, exitedAt: now) {
        case .restart(let delay):
            logger.error("the nanny of \(label(key)) failed: \(reason); restarting it in \(Self.seconds(delay))")
            nanny.restartTimer = loop.schedule(after: delay) { [unowned self] in
                nanny.restartTimer = nil
                guard nannies[key] === nanny, case .supervised = nanny.state else { return }
                events.restarting(key)
                spawn(key, nanny)
            }
        case .giveUp(let failures, let window):
            nanny.state = .abandoned
            events.gaveUp(key, "its nanny failed \(failures) times within \(Self.seconds(window)), last: \(reason)")
        }
    }

    // MARK: Reports

    private func readReports(_ key: RealServerKey, _ nanny: Nanny) {
        guard let channel = nanny.channel else { return }
        // Bounded per turn: 64 reads of 4 KiB, so one chatty nanny cannot starve the others.
        for _ in 0..<64 {
            let bytes: [UInt8]
            do {
                guard let read = try channel.read(upTo: 4096) else { return }
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
        channels.remove(channel)
        channel.close()
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

    /// `1 s`, `0.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "\(whole) s" }
        var fraction = String(1000 + milliseconds).dropFirst()
        while fraction.hasSuffix("0") { fraction = fraction.dropLast() }
        return "\(whole).\(fraction) s"
    }
}
