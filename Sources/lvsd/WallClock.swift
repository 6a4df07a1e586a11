import Glibc

/// The real-time clock, for what admins read (status times in seconds since the epoch); the
/// daemon's decisions run on the monotonic clock.
enum WallClock {
    /// Now, in seconds since the Unix epoch.
    static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The wall-clock time of a monotonic `instant`, seen from the monotonic `now`.
    static func epochSeconds(of instant: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Double {
        let age = now - instant
        let (seconds, attoseconds) = age.components
        return Self.now - (Double(seconds) + Double(attoseconds) / 1e18)
    }
}
