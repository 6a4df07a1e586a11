#if canImport(Glibc)
import Glibc
#endif

/// Keeping one child process running, as pure decisions: what the supervisor wants and what
/// happened to the child (with the time) in, what to do out. The caller spawns, signals and
/// schedules; this decides when.
///
/// - Wanted, it is spawned; a child that dies is spawned again after ``RestartBackoff``'s delay.
///   When deaths come too often (the backoff gives up) the supervisor is told
///   (``Action/gaveUp(_:)``), and then, by the ``GiveUpPolicy``: pulse's lvsd is still tried again
///   at the backoff's longest delay (a daemon that cannot be kept running may come back once what
///   broke it is fixed; told once until a run is stable), while lvsd's nanny waits for
///   ``Event/retry(after:)``, since lvsd first marks its real server down. A run longer than the
///   backoff's stable runtime forgives the past.
/// - Not wanted, it gets SIGTERM, and SIGKILL if it has not exited within the stop timeout.
/// - Never two at once: a child wanted again while the previous one is still stopping is spawned
///   once that one has exited (pidfiles and the kernel's table cannot be shared). The same holds
///   for a child an earlier supervisor left behind (``Event/stopLeftover(_:)``).
///
/// Used by pulse for lvsd and by lvsd for each nanny.
public struct ChildSupervision: Sendable {
    /// What happens once the backoff gives up.
    public enum GiveUpPolicy: Sendable, Equatable {
        /// Keep trying at the backoff's longest delay; ``Action/gaveUp(_:)`` is told once until a
        /// run is stable again.
        case retryAtLongestDelay
        /// Stop trying until ``Event/retry(after:)``.
        case waitForRetry
    }

    /// Why the backoff gave up: how many deaths within which window, and the last one's cause.
    public struct GiveUp: Sendable, Equatable, CustomStringConvertible {
        /// Deaths within ``window``.
        public var failures: Int
        /// The backoff's window.
        public var window: Duration
        /// How the last child ended ("exited with status 1").
        public var last: String

        /// A give-up of `failures` deaths within `window`, the last `last`.
        public init(failures: Int, window: Duration, last: String) {
            self.failures = failures
            self.window = window
            self.last = last
        }

        /// `exited with status 1; 3 failures within 300.0 seconds`.
        public var description: String { "\(last); \(failures) failures within \(window)" }
    }

    /// Something that happened.
    public enum Event: Sendable, Equatable {
        /// The child should run.
        case start
        /// The child should not run.
        case stop
        /// The ``Action/spawn`` just asked for started, with this PID.
        case spawned(pid_t)
        /// The ``Action/spawn`` just asked for failed.
        case spawnFailed(String)
        /// A child exited (or was killed); `how` as the log should say it ("exited with status 1").
        case exited(pid_t, how: String)
        /// A ``Action/wakeUp(at:)`` came due.
        case tick
        /// The child should run anew: the running one (if any) is stopped and a new one spawned
        /// once it has exited, with a fresh backoff (a changed command line).
        case restart
        /// After giving up under ``GiveUpPolicy/waitForRetry``: try again after `delay`, with a
        /// fresh backoff.
        case retry(after: Duration)
        /// A child an earlier supervisor left running (it was killed before it could stop it)
        /// holds what a new child needs (a pidfile, a table): it is stopped like one of this
        /// supervisor's (SIGTERM, SIGKILL after the stop timeout), and nothing is spawned before
        /// its ``exited(_:how:)``.
        case stopLeftover(pid_t)
    }

    /// What to do, in order.
    public enum Action: Sendable, Equatable {
        /// Spawn the child now and report ``Event/spawned(_:)`` or ``Event/spawnFailed(_:)``.
        case spawn
        /// Send SIGTERM.
        case terminate(pid_t)
        /// Send SIGKILL: it outlived its stop timeout.
        case kill(pid_t)
        /// The child died; it is spawned again after this delay.
        case restartScheduled(after: Duration, because: String)
        /// Deaths came too often: the supervisor should act (pulse hands over, lvsd marks the real
        /// server down).
        case gaveUp(GiveUp)
        /// Feed ``Event/tick`` at this time; replaces earlier wake-ups.
        case wakeUp(at: ContinuousClock.Instant)
    }

    /// The restart policy.
    public private(set) var backoff: RestartBackoff
    /// How long a child may take to exit after SIGTERM.
    public let stopTimeout: Duration
    /// What happens once the backoff gives up.
    public let giveUpPolicy: GiveUpPolicy
    /// Gave up under ``GiveUpPolicy/waitForRetry``: nothing is spawned until a retry.
    public private(set) var isWaitingForRetry = false
    /// Whether the child should run.
    public private(set) var wanted = false
    /// The running child, and when it started.
    public private(set) var running: (pid: pid_t, since: ContinuousClock.Instant)?
    /// Children asked to stop and not yet exited.
    public private(set) var stopping: Set<pid_t> = []
    /// When each stopping child gets SIGKILL (removed once sent).
    private var killDeadlines: [pid_t: ContinuousClock.Instant] = [:]
    /// When a dead child is spawned again.
    public private(set) var restartAt: ContinuousClock.Instant?
    /// Whether ``Action/gaveUp(_:)`` was told and no stable run has happened since.
    public private(set) var hasGivenUp = false
    /// A spawn was asked for and its outcome not reported yet.
    private var spawnPending = false

    /// A supervisor with nothing running.
    public init(
        backoff: RestartBackoff.Configuration, stopTimeout: Duration, giveUpPolicy: GiveUpPolicy = .retryAtLongestDelay
    ) {
        self.backoff = RestartBackoff(backoff)
        self.stopTimeout = stopTimeout
        self.giveUpPolicy = giveUpPolicy
    }

    /// Whether a child runs (or is being spawned).
    public var isRunning: Bool { running != nil || spawnPending }

    /// Handles `event` at `now`; the last action is a wake-up whenever one is pending.
    public mutating func handle(_ event: Event, at now: ContinuousClock.Instant) -> [Action] {
        var actions: [Action] = []
        switch event {
        case .start:
            wanted = true
            restartAt = nil
            spawnIfDue(at: now, into: &actions)
        case .stop:
            wanted = false
            restartAt = nil
            if let child = running {
                running = nil
                askToStop(child.pid, at: now, into: &actions)
            }
        case .spawned(let pid):
            spawnPending = false
            running = (pid, now)
            if !wanted {
                // Stopped while it was being spawned.
                running = nil
                askToStop(pid, at: now, into: &actions)
            }
        case .spawnFailed(let reason):
            spawnPending = false
            died(startedAt: now, at: now, because: "could not be started: \(reason)", into: &actions)
        case .exited(let pid, let how):
            if stopping.remove(pid) != nil {
                killDeadlines[pid] = nil
                spawnIfDue(at: now, into: &actions)
            } else if let child = running, child.pid == pid {
                running = nil
                died(startedAt: child.since, at: now, because: how, into: &actions)
            }
        case .restart:
            wanted = true
            forgive()
            if let child = running {
                running = nil
                askToStop(child.pid, at: now, into: &actions)
            } else {
                spawnIfDue(at: now, into: &actions)
            }
        case .retry(let delay):
            guard isWaitingForRetry else { break }
            forgive()
            restartAt = now + delay
        case .stopLeftover(let pid):
            guard running?.pid != pid, !stopping.contains(pid) else { break }
            askToStop(pid, at: now, into: &actions)
        case .tick:
            for (pid, killAt) in killDeadlines.sorted(by: { $0.key < $1.key }) where now >= killAt {
                killDeadlines[pid] = nil
                actions.append(.kill(pid))
            }
            spawnIfDue(at: now, into: &actions)
        }
        if let wake = nextWakeUp { actions.append(.wakeUp(at: wake)) }
        return actions
    }

    /// The earliest time something is due.
    public var nextWakeUp: ContinuousClock.Instant? {
        (Array(killDeadlines.values) + [restartAt].compactMap { $0 }).min()
    }

    private mutating func askToStop(_ pid: pid_t, at now: ContinuousClock.Instant, into actions: inout [Action]) {
        stopping.insert(pid)
        killDeadlines[pid] = now + stopTimeout
        actions.append(.terminate(pid))
    }

    /// A fresh start: no failures remembered, no retry awaited.
    private mutating func forgive() {
        backoff.reset()
        hasGivenUp = false
        isWaitingForRetry = false
        restartAt = nil
    }

    private mutating func spawnIfDue(at now: ContinuousClock.Instant, into actions: inout [Action]) {
        guard wanted, running == nil, !spawnPending, stopping.isEmpty, !isWaitingForRetry else { return }
        if let restartAt, now < restartAt { return }
        restartAt = nil
        spawnPending = true
        actions.append(.spawn)
    }

    private mutating func died(
        startedAt: ContinuousClock.Instant, at now: ContinuousClock.Instant, because how: String,
        into actions: inout [Action]
    ) {
        guard wanted else { return }
        if now - startedAt >= backoff.configuration.stableRuntime {
            backoff.reset()
            hasGivenUp = false
        }
        switch backoff.recordFailure(startedAt: startedAt, exitedAt: now) {
        case .restart(let delay):
            restartAt = now + delay
            actions.append(.restartScheduled(after: delay, because: how))
        case .giveUp(let failures, let window):
            let giveUp = GiveUp(failures: failures, window: window, last: how)
            switch giveUpPolicy {
            case .retryAtLongestDelay:
                let delay = backoff.configuration.maximumDelay
                restartAt = now + delay
                actions.append(.restartScheduled(after: delay, because: how))
                if !hasGivenUp {
                    hasGivenUp = true
                    actions.append(.gaveUp(giveUp))
                }
            case .waitForRetry:
                hasGivenUp = true
                isWaitingForRetry = true
                actions.append(.gaveUp(giveUp))
            }
        }
    }
}
