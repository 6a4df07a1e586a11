/// The VIP guard's decision, pure: pulse's signs of life and the time in, "take the VIPs down" out.
///
/// pulse's heartbeat thread gives a sign of life each time it sends a heartbeat. When none has
/// come for ``limit`` (a little less than deadtime), the partner is about to take the VIPs over:
/// pulse is stopped or starved and cannot let go itself, so the guard does, once per stall.
public struct VIPGuardWatch: Sendable, Equatable {
    /// The longest silence allowed.
    public let limit: Duration
    /// The last sign of life (or the start).
    public private(set) var lastAlive: ContinuousClock.Instant
    private var fencedThisStall = false

    /// A watch that counts the silence from `start`.
    public init(limit: Duration, start: ContinuousClock.Instant) {
        self.limit = limit
        lastAlive = start
    }

    /// The limit for pulse's settings: deadtime less half a keepalive, so that the VIPs come down
    /// before the partner's deadtime runs out, yet never less than one and a half keepalives
    /// (pulse sends a heartbeat every keepalive).
    public static func limit(keepalive: Duration, deadtime: Duration) -> Duration {
        max(deadtime - keepalive / 2, keepalive * 3 / 2)
    }

    /// pulse sent a heartbeat.
    public mutating func alive(at now: ContinuousClock.Instant) {
        lastAlive = now
        fencedThisStall = false
    }

    /// When the silence reaches the limit (nil once this stall has been dealt with).
    public var deadline: ContinuousClock.Instant? { fencedThisStall ? nil : lastAlive + limit }

    /// How long pulse has been silent, when the VIPs must come down now (once per stall).
    public mutating func fence(at now: ContinuousClock.Instant) -> Duration? {
        guard let deadline, now >= deadline else { return nil }
        fencedThisStall = true
        return now - lastAlive
    }
}
