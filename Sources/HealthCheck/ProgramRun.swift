import DaemonSupport
import Glibc

/// One run of a program without a shell, its standard output collected (up to a limit), killed
/// with its whole process group when a timeout passes. Used by the external-program check and
/// the load query.
final class ProgramRun: RunningCheck {
    /// How the run ended.
    enum Outcome: Equatable {
        /// It exited (or a signal other than the timeout's killed it) after writing `output`.
        case finished(output: [UInt8], status: TerminationStatus)
        /// It was still running at the timeout and was killed.
        case timedOut
        /// It could not be started; why.
        case notStarted(String)
    }

    private let arguments: [String]
    private let loop: EventLoop
    private let reaper: ChildReaper
    private let timeout: Duration
    private let outputLimit: Int
    private var completion: ((Outcome) -> Void)?
    private var pid: pid_t?
    private var output: FileDescriptor?
    private var watch: EventLoop.WatchID?
    private var deadline: EventLoop.TimerID?
    private var collected: [UInt8] = []
    private var killedAtTimeout = false

    /// A run of `arguments` (program first), not started yet. `completion` runs once, on a fresh
    /// loop turn, unless the run is cancelled.
    init(
        arguments: [String], loop: EventLoop, reaper: ChildReaper, timeout: Duration, outputLimit: Int,
        completion: @escaping (Outcome) -> Void
    ) {
        self.arguments = arguments
        self.loop = loop
        self.reaper = reaper
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.completion = completion
    }

    /// Spawns the program and arms the timeout.
    func start() {
        guard let program = arguments.first else { return finish(.notStarted("empty command")) }
        let spec = ChildProcessSpec(
            executable: program, arguments: Array(arguments.dropFirst()),
            standardInput: .null, standardOutput: .pipe, standardError: .null,
            // Its own process group, so the timeout kills whatever it started too.
            newSession: true)
        do {
            let child = try reaper.spawn(spec) { [self] exit in exited(exit.status) }
            pid = child.pid
            if let stdout = child.standardOutput {
                output = stdout
                watch = loop.watch(stdout, for: .readable) { [self] _ in drain() }
            }
        } catch {
            return finish(.notStarted(SystemCallError.describe(errno: error.errno)))
        }
        deadline = loop.schedule(after: timeout) { [self] in timedOut() }
    }

    /// Kills the program and drops the completion.
    func cancel() {
        completion = nil
        cancelDeadline()
        killGroup()
        closeOutput()
    }

    private func drain() {
        guard let output else { return }
        // Bounded per turn; the pipe is non-blocking.
        for _ in 0..<16 {
            guard let chunk = try? output.read(upTo: 4096) else { return }  // EAGAIN
            if chunk.isEmpty { return closeOutput() }  // EOF
            let room = outputLimit - collected.count
            if room > 0 { collected += chunk.prefix(room) }  // the rest is read and dropped, so the child never blocks
        }
    }

    private func timedOut() {
        deadline = nil
        killedAtTimeout = true
        killGroup()
        // The outcome comes when the reaper reports the exit.
    }

    private func exited(_ status: TerminationStatus) {
        // What it started and left running goes with it. The group outlives its reaped leader
        // while members remain, and Linux does not hand out a PID still used as a group ID.
        if let pid { _ = Glibc.kill(-pid, SIGKILL) }
        pid = nil
        guard completion != nil else { return closeOutput() }
        drain()  // what it wrote before exiting; a grandchild holding the pipe must not delay us
        closeOutput()
        finish(killedAtTimeout ? .timedOut : .finished(output: collected, status: status))
    }

    private func finish(_ outcome: Outcome) {
        guard let completion else { return }
        self.completion = nil
        cancelDeadline()
        loop.schedule(after: .zero) { completion(outcome) }
    }

    private func cancelDeadline() {
        if let deadline { loop.cancel(deadline) }
        deadline = nil
    }

    private func killGroup() {
        guard let pid else { return }
        // The child leads its own process group (setsid at spawn), and is not reaped yet
        // (pid is cleared on exit), so the group ID cannot have been recycled.
        _ = Glibc.kill(-pid, SIGKILL)
    }

    private func closeOutput() {
        if let watch { loop.unwatch(watch) }
        watch = nil
        output?.closeQuietly()
        output = nil
    }
}
