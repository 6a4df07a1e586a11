/// Slows down password guessing, per client address: after ``freeFailures`` wrong passwords in a
/// row, each further attempt must wait, twice as long after each failure, up to ``longestWait``.
/// A success clears the address; an address quiet for ``forgetAfter`` is forgotten. Attempts
/// that come too early are refused without checking the password, so guessing also cannot load
/// the machine with bcrypt. Pure: the caller passes the time.
public struct LoginThrottle: Sendable {
    struct Entry: Sendable {
        var failures: Int
        var lastFailure: ContinuousClock.Instant
    }

    /// Wrong passwords allowed in a row before waits begin.
    public var freeFailures = 3
    /// The wait after the first failure beyond ``freeFailures``.
    public var firstWait: Duration = .seconds(1)
    /// The longest wait.
    public var longestWait: Duration = .seconds(60)
    /// How long an address's failures are remembered.
    public var forgetAfter: Duration = .seconds(15 * 60)
    /// At most this many addresses are remembered; the oldest are forgotten first.
    public var capacity = 10_000
    private var entries: [String: Entry] = [:]

    /// A throttle with the default limits.
    public init() {}

    /// How long `client` must still wait before its next attempt; zero when it may try now.
    public func wait(for client: String, at now: ContinuousClock.Instant) -> Duration {
        guard let entry = entries[client], now - entry.lastFailure < forgetAfter else { return .zero }
        let over = entry.failures - freeFailures
        guard over >= 0 else { return .zero }
        var wait = firstWait
        for _ in 0..<min(over, 30) where wait < longestWait { wait = wait * 2 }
        wait = min(wait, longestWait)
        let ready = entry.lastFailure + wait
        return ready > now ? ready - now : .zero
    }

    /// A wrong password from `client`.
    public mutating func failed(_ client: String, at now: ContinuousClock.Instant) {
        var entry = entries[client] ?? Entry(failures: 0, lastFailure: now)
        if now - entry.lastFailure >= forgetAfter { entry.failures = 0 }
        entry.failures += 1
        entry.lastFailure = now
        entries[client] = entry
        if entries.count > capacity {
            let expired = entries.filter { now - $0.value.lastFailure >= forgetAfter }.map(\.key)
            for key in expired { entries[key] = nil }
            while entries.count > capacity,
                let oldest = entries.min(by: { $0.value.lastFailure < $1.value.lastFailure })
            {
                entries[oldest.key] = nil
            }
        }
    }

    /// A right password from `client`.
    public mutating func succeeded(_ client: String) {
        entries[client] = nil
    }

    /// Failures in a row remembered for `client`.
    public func failures(of client: String) -> Int { entries[client]?.failures ?? 0 }
}
