#if canImport(Glibc)
import Glibc
#endif
import Logging

/// Keeping the VIP guard (``VIPGuard``) running beside pulse, as pure decisions: when to spawn
/// it, when to kill it, when to try again, and what the log says. pulse spawns, signals and
/// schedules.
///
/// - It runs only with a partner: alone, nobody else would bring the VIPs up.
/// - A guard that dies or cannot start is started again after ``restartDelay``.
/// - A reload that changes the VIPs or the timing replaces it: the old one is killed (SIGKILL: it
///   cannot take that for pulse's end and take the VIPs down), and the new one starts once the
///   old one is gone.
/// - When pulse stops it is killed for good (pulse lets go of the VIPs itself).
public struct VIPGuardSupervision: Sendable {
    /// Something that happened.
    public enum Event: Hashable, Sendable {
        /// pulse started, or a restart came due.
        case start
        /// The ``Action/spawn`` asked for started, with this PID, guarding with this limit.
        case spawned(pid_t, limit: Duration)
        /// The ``Action/spawn`` asked for failed.
        case spawnFailed(String)
        /// A guard ended; `how` as the log says it ("killed by SIGKILL").
        case exited(pid_t, how: String)
        /// A reload changed the VIPs or the timing.
        case replace
        /// pulse is stopping.
        case end
    }

    /// What to do, in order.
    public enum Action: Hashable, Sendable {
        /// Spawn the guard of the configured VIPs and report ``Event/spawned(_:limit:)`` or
        /// ``Event/spawnFailed(_:)``.
        case spawn
        /// Send SIGKILL.
        case kill(pid_t)
        /// Feed ``Event/start`` after this delay.
        case restart(after: Duration)
        /// Write a line to the log.
        case log(Logger.Level, String)
    }

    /// How long a guard that died or could not start waits to start again.
    public static let restartDelay: Duration = .seconds(1)

    /// Whether pulse runs a guard at all: one is configured and there is a partner.
    public let enabled: Bool
    /// The guard running.
    public private(set) var pid: pid_t?
    /// Whether pulse is stopping: no guard is started any more.
    public private(set) var hasEnded = false
    private var replacing = false

    /// A supervision with no guard running; `enabled` as ``enabled`` says.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Handles `event`.
    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .start:
            return startIfNone()
        case .spawned(let pid, let limit):
            self.pid = pid
            let duty = "it takes the VIPs down if pulse ends or sends no heartbeat for \(limit)"
            return [.log(.info, "VIP guard running (PID \(pid)): \(duty)")]
        case .spawnFailed(let reason):
            return [
                .log(.error, "cannot start the VIP guard: \(reason); trying again in \(Self.restartDelay)"),
                .restart(after: Self.restartDelay),
            ]
        case .exited(let pid, let how):
            guard pid == self.pid else { return [] }
            self.pid = nil
            if hasEnded { return [] }
            if replacing {
                replacing = false
                return startIfNone()
            }
            return [
                .log(.error, "the VIP guard (PID \(pid)) \(how); starting it again in \(Self.restartDelay)"),
                .restart(after: Self.restartDelay),
            ]
        case .replace:
            guard let pid else { return startIfNone() }
            replacing = true
            return [.kill(pid)]
        case .end:
            hasEnded = true
            return pid.map { [.kill($0)] } ?? []
        }
    }

    private func startIfNone() -> [Action] {
        enabled && !hasEnded && pid == nil ? [.spawn] : []
    }
}
