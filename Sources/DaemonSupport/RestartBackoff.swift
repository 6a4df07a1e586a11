/// When to restart a supervised child that died, and when to give up: pure, time comes in.
///
/// The delay grows with each consecutive failure (`initialDelay · multiplier^(n-1)`, capped at
/// `maximumDelay`). A child that ran for at least `stableRuntime` before dying starts the count
/// again. When `failureLimit` failures fall within `window`, the policy gives up: lvsd uses this
/// for nannies, and a limit of 1 is Piranha's `hard_shutdown = 1` (the first death is fatal).
public struct RestartBackoff: Sendable, Equatable {
    /// The policy's numbers.
    public struct Configuration: Sendable, Equatable {
        /// Delay before the first restart after a stable run.
        public var initialDelay: Duration
        /// Growth per consecutive failure.
        public var multiplier: Int
        /// Largest delay.
        public var maximumDelay: Duration
        /// Run time after which a death no longer counts as consecutive.
        public var stableRuntime: Duration
        /// Failures within ``window`` that make the policy give up (at least 1).
        public var failureLimit: Int
        /// The window for ``failureLimit``.
        public var window: Duration

        /// A policy's numbers; defaults: 1 s doubling to 60 s, stable after 60 s, give up after
        /// 10 failures within 10 minutes.
        public init(
            initialDelay: Duration = .seconds(1),
            multiplier: Int = 2,
            maximumDelay: Duration = .seconds(60),
            stableRuntime: Duration = .seconds(60),
            failureLimit: Int = 10,
            window: Duration = .seconds(600)
        ) {
            precondition(failureLimit >= 1, "failureLimit must be at least 1")
            precondition(multiplier >= 1, "multiplier must be at least 1")
            self.initialDelay = initialDelay
            self.multiplier = multiplier
            self.maximumDelay = maximumDelay
            self.stableRuntime = stableRuntime
            self.failureLimit = failureLimit
            self.window = window
        }

        /// Piranha's `hard_shutdown = 1`: the first failure gives up.
        public static let hardShutdown = Configuration(failureLimit: 1)
    }

    /// What to do about a child that died.
    public enum Decision: Sendable, Equatable {
        /// Start it again after this delay.
        case restart(after: Duration)
        /// Stop trying: `failures` deaths within `window`.
        case giveUp(failures: Int, within: Duration)
    }

    /// The numbers in force.
    public let configuration: Configuration
    /// Deaths in a row, each within ``Configuration/stableRuntime`` of its start.
    public private(set) var consecutiveFailures = 0
    private var recentFailures: [ContinuousClock.Instant] = []

    /// A policy with no failures recorded.
    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Records a death of a child started at `startedAt` that died at `exitedAt`, and decides.
    public mutating func recordFailure(
        startedAt: ContinuousClock.Instant, exitedAt: ContinuousClock.Instant
    ) -> Decision {
        if exitedAt - startedAt >= configuration.stableRuntime { consecutiveFailures = 0 }
        consecutiveFailures += 1
        recentFailures.append(exitedAt)
        recentFailures.removeAll { exitedAt - $0 >= configuration.window }
        if recentFailures.count >= configuration.failureLimit {
            return .giveUp(failures: recentFailures.count, within: configuration.window)
        }
        return .restart(after: delay(forFailure: consecutiveFailures))
    }

    /// Forgets every failure (an operator reset it, or the config was reloaded).
    public mutating func reset() {
        consecutiveFailures = 0
        recentFailures = []
    }

    /// The delay before restart number `failure` (1-based) of a run of consecutive failures.
    public func delay(forFailure failure: Int) -> Duration {
        var delay = configuration.initialDelay
        for _ in 1..<max(1, failure) {
            if delay >= configuration.maximumDelay { break }
            delay = delay * configuration.multiplier
        }
        return min(delay, configuration.maximumDelay)
    }
}
