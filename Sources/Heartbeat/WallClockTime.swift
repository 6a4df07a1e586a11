/// A point in wall-clock (UTC) time, as nanoseconds since 1970-01-01 00:00:00 UTC.
///
/// Heartbeats carry the sender's wall-clock time so that a receiver can refuse old packets replayed
/// from an earlier run of the peer. The library never reads a clock; pulse passes the time in
/// (`clock_gettime(CLOCK_REALTIME)`).
public struct WallClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the Unix epoch; negative before it.
    public var nanosecondsSince1970: Int64

    /// Creates a time from nanoseconds since the Unix epoch.
    public init(nanosecondsSince1970: Int64) { self.nanosecondsSince1970 = nanosecondsSince1970 }

    /// Creates a time from seconds and nanoseconds since the Unix epoch (a `timespec`).
    public init(seconds: Int64, nanoseconds: Int64 = 0) {
        nanosecondsSince1970 = seconds &* 1_000_000_000 &+ nanoseconds
    }

    /// The signed distance from `other` to `self`.
    public func since(_ other: WallClockTime) -> Duration {
        .nanoseconds(nanosecondsSince1970 &- other.nanosecondsSince1970)
    }

    /// This time moved by `duration`.
    public func advanced(by duration: Duration) -> WallClockTime {
        WallClockTime(nanosecondsSince1970: nanosecondsSince1970 &+ duration.nanoseconds)
    }

    /// Seconds and nanoseconds since the epoch, e.g. `1700000000.250000000`.
    public var description: String {
        let seconds = nanosecondsSince1970 / 1_000_000_000
        let fraction = String(abs(nanosecondsSince1970 % 1_000_000_000))
        return "\(seconds).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)"
    }

    public static func < (lhs: WallClockTime, rhs: WallClockTime) -> Bool {
        lhs.nanosecondsSince1970 < rhs.nanosecondsSince1970
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating far outside ±292 years).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return whole &+ attoseconds / 1_000_000_000
    }
}
