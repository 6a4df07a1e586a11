import CLVSShims
import Glibc
import Logging

/// A child that ended: who, how, and how long it ran.
public struct ChildExit: Sendable, Equatable {
    /// Its process ID (already reaped: do not signal it).
    public var pid: pid_t
    /// How it ended. With ``ChildReaper/Strategy-swift.enum/spawnedChildren``, a child that some
    /// other waiter collected first shows as `.exited(-1)` (its real status is lost).
    public var status: TerminationStatus
    /// When it was spawned, on the loop's clock.
    public var startedAt: ContinuousClock.Instant
    /// When its exit was collected.
    public var exitedAt: ContinuousClock.Instant
}

/// Spawns children and collects their exits on an ``EventLoop``, delivering each exit status to
/// the closure given when that PID was spawned.
///
/// There must be one reaper per process: with ``Strategy-swift.enum/allChildren``
/// it collects with `waitpid(-1)` and would steal the children of anything else that waits.
public final class ChildReaper {
    /// How exits are noticed and collected.
    public enum Strategy: Sendable {
        /// `SIGCHLD` through the loop's signalfd, then `waitpid(-1, WNOHANG)` until nothing is
        /// left. The daemons' choice: no descriptor per child. `SIGCHLD` must be blocked in every
        /// thread (block it at the top of `main`), and this must be the only waiter in the process.
        case allChildren
        /// One pidfd per child, watched on the loop, then `waitpid(pid)`. Collects only the
        /// children it spawned and needs no signal, so it coexists with other waiters and threads
        /// (a test process); costs one descriptor per running child.
        case spawnedChildren
    }

    private struct Child {
        var startedAt: ContinuousClock.Instant
        var command: String
        var onExit: (ChildExit) -> Void
        var pidDescriptor: FileDescriptor?
        var pidWatch: EventLoop.WatchID?
    }

    private let loop: EventLoop
    private let strategy: Strategy
    private let logger: Logger
    private var children: [pid_t: Child] = [:]
    /// Exits collected before their PID was adopted (a forked child can end before its parent's
    /// reply arrives), by PID; kept a short while, and bounded.
    private var unclaimedExits: [pid_t: (status: TerminationStatus, at: ContinuousClock.Instant)] = [:]
    private static let unclaimedLimit = 256
    private static let unclaimedLifetime = Duration.seconds(5)

    /// A reaper on `loop`. With ``Strategy-swift.enum/allChildren`` it installs the loop's `SIGCHLD`
    /// handler. `SIGCHLD` must keep its default disposition (with `SIG_IGN` the kernel reaps
    /// children itself and no status is ever seen).
    public init(loop: EventLoop, strategy: Strategy = .allChildren, logger: Logger) throws(SystemCallError) {
        self.loop = loop
        self.strategy = strategy
        self.logger = logger
        if strategy == .allChildren {
            try loop.handle(.child) { [unowned self] _ in self.reapAll() }
        }
    }

    /// The PIDs spawned here that have not been collected yet.
    public var runningPIDs: [pid_t] { Array(children.keys).sorted() }

    /// Whether `pid` was spawned here and not collected yet.
    public func isRunning(_ pid: pid_t) -> Bool { children[pid] != nil }

    /// Spawns `spec`; `onExit` runs on the loop once the child has ended and been collected.
    public func spawn(
        _ spec: ChildProcessSpec, onExit: @escaping (ChildExit) -> Void
    ) throws(SystemCallError) -> SpawnedProcess {
        let spawned = try ProcessSpawner.spawn(spec)
        var child = Child(startedAt: loop.now, command: spec.commandLine, onExit: onExit)
        if strategy == .spawnedChildren {
            do {
                let fd = try SystemCall.run("pidfd_open", on: "PID \(spawned.pid)") { lvs_pidfd_open(spawned.pid) }
                let descriptor = FileDescriptor(rawValue: fd)
                child.pidDescriptor = descriptor
                let pid = spawned.pid
                child.pidWatch = loop.watch(descriptor, for: .readable) { [unowned self] _ in self.collect(pid) }
            } catch {
                // Without a pidfd we could never collect it: do not leave it running unobserved.
                _ = Glibc.kill(spawned.pid, SIGKILL)
                _ = waitpidRetrying(spawned.pid, options: 0)
                spawned.standardInput?.closeQuietly()
                spawned.standardOutput?.closeQuietly()
                spawned.standardError?.closeQuietly()
                throw error
            }
        }
        children[spawned.pid] = child
        logger.debug("spawned \(spec.commandLine)", metadata: ["pid": "\(spawned.pid)"])
        return spawned
    }

    /// Takes over a child started elsewhere that is (or will be) re-parented to this process,
    /// a subreaper: a ``ForkServer``'s grandchild. `onExit` runs like that of a spawned child, at
    /// once (on the next loop turn) if its exit was collected already. Only for
    /// ``Strategy-swift.enum/allChildren``.
    public func adopt(_ pid: pid_t, command: String, onExit: @escaping (ChildExit) -> Void) {
        let now = loop.now
        children[pid] = Child(startedAt: now, command: command, onExit: onExit)
        logger.debug("adopted \(command)", metadata: ["pid": "\(pid)"])
        if let early = unclaimedExits.removeValue(forKey: pid), now - early.at < Self.unclaimedLifetime {
            loop.schedule(after: .zero) { [weak self] in self?.deliver(pid, early.status) }
        }
    }

    /// Sends `signal` to a child spawned here that has not been collected yet; returns `false`
    /// (and sends nothing) otherwise, so a recycled PID is never signalled.
    @discardableResult
    public func send(_ signal: Signal, to pid: pid_t) throws(SystemCallError) -> Bool {
        guard children[pid] != nil else { return false }
        try signal.send(to: pid)
        return true
    }

    /// Collects every ended child (`waitpid(-1, WNOHANG)` until none is left) and delivers each
    /// status. Runs on `SIGCHLD`; safe to call at any time. Only for ``Strategy-swift.enum/allChildren``.
    public func reapAll() {
        // Bounded by the number of children that can have ended; 100000 is far above any real count.
        for _ in 0..<100_000 {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 {
                deliver(pid, TerminationStatus(waitStatus: status))
                continue
            }
            if pid == -1 && errno == EINTR { continue }
            return  // 0: children still running; -1/ECHILD: none left
        }
    }

    private func collect(_ pid: pid_t) {
        var status: Int32 = 0
        let result = waitpidRetrying(pid, options: WNOHANG, status: &status)
        if result == pid {
            deliver(pid, TerminationStatus(waitStatus: status))
        } else if result == -1 {
            // ECHILD: someone else collected it; we cannot know its status.
            logger.warning("child \(pid) was collected by another waiter; its exit status is unknown")
            deliver(pid, nil)
        }
    }

    private func deliver(_ pid: pid_t, _ status: TerminationStatus?) {
        guard let child = children.removeValue(forKey: pid) else {
            if let status {
                let now = loop.now
                unclaimedExits = unclaimedExits.filter { now - $0.value.at < Self.unclaimedLifetime }
                if unclaimedExits.count < Self.unclaimedLimit { unclaimedExits[pid] = (status, now) }
            }
            logger.debug(
                "collected unknown child",
                metadata: ["pid": "\(pid)", "status": "\(status.map(\.description) ?? "unknown")"])
            return
        }
        if let watch = child.pidWatch { loop.unwatch(watch) }
        child.pidDescriptor?.closeQuietly()
        let exit = ChildExit(pid: pid, status: status ?? .exited(-1), startedAt: child.startedAt, exitedAt: loop.now)
        logger.debug("child \(exit.status)", metadata: ["pid": "\(pid)", "command": "\(child.command)"])
        child.onExit(exit)
    }

    @discardableResult
    private func waitpidRetrying(_ pid: pid_t, options: Int32) -> pid_t {
        var status: Int32 = 0
        return waitpidRetrying(pid, options: options, status: &status)
    }

    private func waitpidRetrying(_ pid: pid_t, options: Int32, status: inout Int32) -> pid_t {
        while true {
            let result = waitpid(pid, &status, options)
            if result == -1 && errno == EINTR { continue }
            return result
        }
    }
}
