import DaemonSupport

/// A planned takeover waiting for lvsd's first health checks before the VIPs come up
/// (``PulseNode/prepareAndActivate()``).
struct Preparation {
    /// When lvsd was started for it.
    var started: ContinuousClock.Instant
    /// The read end of lvsd's readiness pipe.
    var pipe: FileDescriptor
    /// The loop's watch on ``pipe``.
    var watch: EventLoop.WatchID
    /// The preparation limit.
    var timer: EventLoop.TimerID
}
