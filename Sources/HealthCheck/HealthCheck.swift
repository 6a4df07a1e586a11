import DaemonSupport

/// One kind of health check (TCP, UDP, external program), started on an event loop.
public protocol HealthCheck {
    /// What is checked, for log lines (`TCP 10.0.1.10:80, expect "HTTP"`).
    var summary: String { get }

    /// Starts one check. `completion` runs on the loop exactly once, at the latest when
    /// `context.timeout` has passed (and never synchronously inside `start`), unless the check
    /// is cancelled first.
    func start(_ context: CheckContext, completion: @escaping (CheckResult) -> Void) -> any RunningCheck
}

/// A check in progress.
public protocol RunningCheck: AnyObject {
    /// Abandons the check: closes its socket or kills its program; the completion never runs.
    func cancel()
}

/// What a check runs with.
public struct CheckContext {
    /// The loop that drives the check's I/O and its deadline.
    public var loop: EventLoop
    /// The process's reaper, for checks that run a program.
    public var reaper: ChildReaper
    /// How long the whole check may take (connect, send, reply; or the program's run time).
    public var timeout: Duration

    /// A context.
    public init(loop: EventLoop, reaper: ChildReaper, timeout: Duration) {
        self.loop = loop
        self.reaper = reaper
        self.timeout = timeout
    }
}
