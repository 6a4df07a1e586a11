import HealthCheck
import IPVS

/// What lvsd knows about one real server: its health as its nanny reported it, since when, the
/// last check, the administrator's drain, and what it found in the kernel when it started.
public struct RealServerRecord: Equatable, Sendable {
    /// Health as reported by the nanny.
    public enum Health: Equatable, Sendable {
        /// No report yet (since lvsd started, or since the server was added by a reload).
        case unknown
        /// Up; the nanny's current weight (slow start ramps it up to the nanny's full weight).
        case up(reportedWeight: Int)
        /// Down, and why.
        case down(reason: String)
    }

    /// The health.
    public var health: Health = .unknown
    /// When the current health began.
    public var since: ContinuousClock.Instant
    /// One check's result and when it arrived.
    public struct LastCheck: Equatable, Sendable {
        /// Passed or failed, with the detail.
        public var result: CheckResult
        /// When lvsd received it.
        public var at: ContinuousClock.Instant
        /// How long the check took, once the nanny said.
        public var duration: Duration?

        /// A check result received at `at`.
        public init(result: CheckResult, at: ContinuousClock.Instant) {
            self.result = result
            self.at = at
        }
    }

    /// The last check.
    public var lastCheck: LastCheck?
    /// Drained by hand: held at weight 0 until enabled, or until a reload changes the server.
    public var drained = false
    /// The nanny's override mode (SIGUSR1/SIGUSR2 on the nanny).
    public var mode: NannyMode = .checking
    /// The full weight (`-w`) the running nanny was started with: a report of that weight means
    /// "full", whatever lvs.cf says now (a reload that changes only the weight keeps the nanny).
    public var nannyWeight: Int
    /// The destination found in the kernel at start-up, kept as it is until the first report.
    public var adopted: IPVSDestination?
    /// A weight slow start must not cut: the weight the server was serving at when lvsd adopted
    /// it or restarted its nanny. Cleared when the server goes down.
    public var carriedWeight: Int?
    /// Whether the server has been in the table since lvsd started: only those stay in at
    /// weight 0 when they go down with `quiesce_server`.
    public var hasBeenInTable = false

    /// A record with unknown health since `since`, for a nanny started with `nannyWeight`.
    public init(since: ContinuousClock.Instant, nannyWeight: Int) {
        self.since = since
        self.nannyWeight = nannyWeight
    }

    /// Whether the nanny has reported it up.
    public var isUp: Bool {
        if case .up = health { return true }
        return false
    }
}
