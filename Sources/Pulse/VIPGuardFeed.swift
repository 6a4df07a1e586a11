import DaemonSupport
import Logging

/// The VIP guard's pipe, as the election thread (``HeartbeatCore``, ``VRRPCore``) feeds it: a
/// byte per heartbeat or advertisement sent is the thread's sign of life; a silence past the
/// guard's limit means the guard took the VIPs down while the thread was stopped or starved.
struct VIPGuardFeed {
    private var sink: FileDescriptor?
    /// The guard's limit.
    private(set) var limit: Duration?
    /// When the last sign of life went to the guard (or the guard was attached).
    private var lastSignOfLife: ContinuousClock.Instant?

    /// A new guard's pipe (non-blocking; owned from now on: the one before is closed) and limit.
    mutating func attach(_ pipe: FileDescriptor, limit: Duration, at now: ContinuousClock.Instant) {
        sink?.closeQuietly()
        sink = pipe
        self.limit = limit
        lastSignOfLife = now
    }

    /// A reload's new limit, counted from `now` (the next sign of life follows within the new
    /// interval).
    mutating func relimit(_ limit: Duration, at now: ContinuousClock.Instant) {
        guard self.limit != nil else { return }
        self.limit = limit
        lastSignOfLife = now
    }

    /// One byte to the guard; a full pipe (the guard is behind) or a gone guard drops it.
    mutating func signOfLife(at now: ContinuousClock.Instant) {
        guard let sink else { return }
        _ = try? sink.write(CollectionOfOne(1))
        lastSignOfLife = now
    }

    /// The silence that passed the limit, once per stall (nil when there was none).
    mutating func stall(at now: ContinuousClock.Instant) -> Duration? {
        guard let limit, let last = lastSignOfLife else { return nil }
        let silence = now - last
        guard silence > limit else { return nil }
        lastSignOfLife = now
        return silence
    }
}

/// Log lines from the election thread to pulse's main loop, through its report mailbox: lines
/// beyond ``HeartbeatCore/reportBacklogLimit`` waiting are dropped and counted, so that a main
/// loop that fell behind cannot make the thread allocate without end.
struct ElectionThreadLog {
    /// "heartbeat" or "VRRP", for the line that counts dropped lines.
    let thread: String
    private var dropped = 0

    init(thread: String) { self.thread = thread }

    mutating func log(_ level: Logger.Level, _ message: String, to reports: Mailbox<HeartbeatReport>) {
        guard reports.count < HeartbeatCore.reportBacklogLimit else {
            dropped += 1
            return
        }
        if dropped > 0 {
            reports.post(
                .log(.warning, "\(dropped) log lines of the \(thread) thread dropped: pulse's main loop fell behind"))
            dropped = 0
        }
        reports.post(.log(level, message))
    }
}
