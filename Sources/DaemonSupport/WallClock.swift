import Glibc

/// The real-time clock, for what admins read (status times, heartbeat timestamps); the daemons'
/// decisions run on the monotonic clock.
public enum WallClock {
    /// Now, as `clock_gettime(CLOCK_REALTIME)` gives it.
    public static var timespecNow: timespec {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return spec
    }

    /// Now, in seconds since the Unix epoch.
    public static var now: Double {
        let spec = timespecNow
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The wall-clock time of a monotonic `instant`, seen from the monotonic `now`.
    public static func epochSeconds(of instant: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Double {
        let age = now - instant
        let (seconds, attoseconds) = age.components
        return Self.now - (Double(seconds) + Double(attoseconds) / 1e18)
    }
}
