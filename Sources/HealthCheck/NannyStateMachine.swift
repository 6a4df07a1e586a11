import CheckVocabulary
import Logging
import Units

/// nanny's decisions for one real server, pure: check results, administrator overrides and time
/// in; reports and log lines out, with Piranha's nanny's rules for when a server goes down and
/// comes back.
///
/// - At start, the first passing check brings the server up at once; one failed check takes it
///   down (Piranha has no fall count), or ``RiseFall/fall`` failed checks in a row.
/// - After a failure the server must pass every check for ``Configuration/reentry`` before it is
///   up again (or ``RiseFall/rise`` checks in a row when that is set); a failure in between
///   starts the wait over.
/// - Slow start: it comes up with weight `weight >> 5` (at least 1, at most `weight`), doubled
///   every ``Configuration/slowStartStep`` until it reaches the configured weight.
/// - SIGUSR1 forces it down, SIGUSR2 forces it up with its full weight; checks stop until
///   SIGHUP returns to checking, where the next check decides at once.
///
/// Quiesce (`-q`) is lvsd's business: it decides whether "down" means removal or weight 0.
public struct NannyStateMachine: Sendable {
    /// What the machine needs to know about the server.
    public struct Configuration: Sendable, Equatable {
        /// The server as shown in log lines (`10.0.1.10:80`, `[2001:db8::10]:80`).
        public var server: String
        /// The configured weight (`-w`).
        public var weight: Int
        /// How long a failed server must keep passing before it is up again (`-a`).
        public var reentry: Duration
        /// The slow-start doubling period; `nil` puts the server up at full weight at once.
        public var slowStartStep: Duration?
        /// Consecutive failures that take the server out, and passes that bring it back.
        public var riseFall: RiseFall

        /// A configuration; slow start doubles every 20 s by default, as Piranha's did.
        public init(
            server: String, weight: Int, reentry: Duration, slowStartStep: Duration? = .seconds(20),
            riseFall: RiseFall = RiseFall()
        ) {
            self.server = server
            self.weight = weight
            self.reentry = reentry
            self.slowStartStep = slowStartStep
            self.riseFall = riseFall
        }
    }

    /// What lvsd has been told about the server.
    public enum Health: Equatable, Sendable {
        /// Nothing yet (before the first check).
        case unknown
        /// Up with this weight, since this instant.
        case up(weight: Int, since: ContinuousClock.Instant)
        /// Down since this instant.
        case down(since: ContinuousClock.Instant)
    }

    /// The configuration in force.
    public let configuration: Configuration
    /// The administrator's override.
    public private(set) var mode: NannyMode = .checking
    /// What lvsd has been told.
    public private(set) var health: Health = .unknown
    /// When the current run of passing checks began (while down), for re-entry.
    public private(set) var passingSince: ContinuousClock.Instant?
    /// Passing checks in a row while down (for `rise`).
    public private(set) var passesInARow = 0
    /// Failed checks in a row while up (for `fall`).
    public private(set) var failuresInARow = 0
    /// When the slow-start weight is next doubled; the runner calls ``weightStepDue(at:)`` then.
    public private(set) var nextWeightStep: ContinuousClock.Instant?
    // At start and after SIGHUP the next passing check brings the server up without re-entry.
    private var enterAtOnce = true

    /// A machine for one server, in checking mode, health unknown.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// Whether checks should run (not while an override is in force).
    public var isChecking: Bool { mode == .checking }

    /// The weight slow start begins with: `weight >> 5`, at least 1, at most `weight`.
    public var initialWeight: Int {
        guard configuration.slowStartStep != nil else { return configuration.weight }
        return min(max(configuration.weight >> 5, 1), configuration.weight)
    }

    // MARK: Events

    /// A check finished with `result` at `now`.
    public mutating func checkCompleted(_ result: CheckResult, at now: ContinuousClock.Instant) -> [NannyAction] {
        // A result that arrives after an override took effect is stale.
        guard mode == .checking else { return [] }
        var actions: [NannyAction] = [.report(.check(result))]
        switch result {
        case .passed(let detail):
            if case .up = health {
                if failuresInARow > 0 {
                    actions.append(
                        .log(.info, "\(configuration.server) passing again after \(Self.failures(failuresInARow))"))
                }
                failuresInARow = 0
                return actions
            }
            if enterAtOnce {
                actions += comeUp(at: now, weight: initialWeight, reason: "check passed: \(detail)")
                return actions
            }
            let since = passingSince ?? now
            passingSince = since
            passesInARow += 1
            let passed = now - since
            if let rise = configuration.riseFall.rise {
                if passesInARow >= rise {
                    actions += comeUp(
                        at: now, weight: initialWeight, reason: "passed \(passesInARow) checks in a row (rise \(rise))")
                } else {
                    actions.append(
                        .log(
                            .debug,
                            "\(configuration.server) passed \(passesInARow) of the \(rise) checks in a row it needs"))
                }
            } else if passed >= configuration.reentry {
                actions += comeUp(
                    at: now, weight: initialWeight,
                    reason: "passed checks for \(Self.seconds(passed)) (reentry \(Self.seconds(configuration.reentry)))"
                )
            } else {
                actions.append(
                    .log(
                        .debug,
                        "\(configuration.server) passing for \(Self.seconds(passed)) of the \(Self.seconds(configuration.reentry)) reentry time"
                    ))
            }
        case .failed(let reason):
            enterAtOnce = false
            passingSince = nil
            passesInARow = 0
            switch health {
            case .up:
                failuresInARow += 1
                let fall = configuration.riseFall.fall
                if failuresInARow < fall {
                    actions.append(
                        .log(
                            .warning,
                            "\(configuration.server) failed \(failuresInARow) of the \(fall) checks in a row that take it out: \(reason)"
                        ))
                    return actions
                }
                let reason = fall > 1 ? "\(reason) (\(Self.failures(failuresInARow)) in a row)" : reason
                actions += goDown(
                    at: now, reason: reason, log: "[inactive] shutting down \(configuration.server): \(reason)")
            case .unknown:
                actions += goDown(
                    at: now, reason: reason, log: "[inactive] \(configuration.server) is not available: \(reason)")
            case .down:
                actions.append(.log(.debug, "\(configuration.server) still failing: \(reason)"))
            }
        }
        return actions
    }

    /// The slow-start deadline (``nextWeightStep``) was reached at `now`.
    public mutating func weightStepDue(at now: ContinuousClock.Instant) -> [NannyAction] {
        guard let due = nextWeightStep, now >= due, case .up(let weight, let since) = health else { return [] }
        let raised = min(weight * 2, configuration.weight)
        health = .up(weight: raised, since: since)
        if raised < configuration.weight, let step = configuration.slowStartStep {
            nextWeightStep = due + step
        } else {
            nextWeightStep = nil
        }
        return [
            .report(.weight(raised)),
            .log(.info, "slow start: weight of \(configuration.server) raised to \(raised) of \(configuration.weight)"),
        ]
    }

    /// A new weight for a server that is up and checked (from ``loadMeasured(_:policy:)``):
    /// reported to lvsd and logged with `reason`. Ignored while down or overridden.
    public mutating func weightChanged(to weight: Int, reason: String) -> [NannyAction] {
        guard mode == .checking, case .up(let current, let since) = health, current != weight else { return [] }
        health = .up(weight: weight, since: since)
        return [
            .report(.weight(weight)),
            .log(
                .info,
                "weight of \(configuration.server) \(current) -> \(weight) (configured \(configuration.weight)): \(reason)"
            ),
        ]
    }

    /// SIGUSR1: force the server down and stop checking until ``resumeChecking(at:)``.
    public mutating func forceDown(at now: ContinuousClock.Instant) -> [NannyAction] {
        mode = .forcedDown
        nextWeightStep = nil
        passingSince = nil
        passesInARow = 0
        failuresInARow = 0
        var actions: [NannyAction] = [.report(.mode(.forcedDown))]
        if case .down = health {
            actions.append(.log(.notice, "\(configuration.server) forced down by administrator (it was already down)"))
        } else {
            actions += goDown(
                at: now, reason: "forced down by administrator",
                log: "[inactive] shutting down \(configuration.server): forced down by administrator")
        }
        return actions
    }

    /// SIGUSR2: force the server up with its full weight and stop checking until
    /// ``resumeChecking(at:)``.
    public mutating func forceUp(at now: ContinuousClock.Instant) -> [NannyAction] {
        mode = .forcedUp
        nextWeightStep = nil
        passingSince = nil
        passesInARow = 0
        failuresInARow = 0
        var actions: [NannyAction] = [.report(.mode(.forcedUp))]
        let full = configuration.weight
        switch health {
        case .up(let weight, let since):
            if weight != full {
                health = .up(weight: full, since: since)
                actions.append(.report(.weight(full)))
            }
            actions.append(.log(.notice, "\(configuration.server) forced up by administrator with weight \(full)"))
        case .down, .unknown:
            health = .up(weight: full, since: now)
            actions.append(.report(.up(weight: full, reason: "forced up by administrator")))
            actions.append(
                .log(.notice, "[ active ] making \(configuration.server) available: forced up by administrator"))
        }
        return actions
    }

    /// SIGHUP: end an override; the next check decides at once, and one is asked for now.
    public mutating func resumeChecking(at now: ContinuousClock.Instant) -> [NannyAction] {
        let previous = mode
        mode = .checking
        enterAtOnce = true
        passingSince = nil
        passesInARow = 0
        failuresInARow = 0
        var actions: [NannyAction] = [.report(.mode(.checking))]
        if previous != .checking {
            actions.append(.log(.notice, "\(configuration.server): administrator override removed, checking again"))
        }
        actions.append(.checkNow)
        return actions
    }

    // MARK: Transitions

    private mutating func comeUp(at now: ContinuousClock.Instant, weight: Int, reason: String) -> [NannyAction] {
        health = .up(weight: weight, since: now)
        enterAtOnce = false
        passingSince = nil
        passesInARow = 0
        failuresInARow = 0
        if weight < configuration.weight, let step = configuration.slowStartStep {
            nextWeightStep = now + step
        } else {
            nextWeightStep = nil
        }
        return [
            .report(.up(weight: weight, reason: reason)),
            .log(
                .notice,
                "[ active ] making \(configuration.server) available"
                    + (weight < configuration.weight
                        ? " (slow start at weight \(weight) of \(configuration.weight))" : "")),
        ]
    }

    private mutating func goDown(at now: ContinuousClock.Instant, reason: String, log: String) -> [NannyAction] {
        health = .down(since: now)
        failuresInARow = 0
        passesInARow = 0
        nextWeightStep = nil
        return [.report(.down(reason: reason)), .log(.warning, log)]
    }

    /// `1 failed check`, `3 failed checks`.
    static func failures(_ count: Int) -> String {
        count == 1 ? "1 failed check" : "\(count) failed checks"
    }

    /// `2 s`, `0.5 s`, `180 s`.
    static func seconds(_ duration: Duration) -> String {
        duration.secondsText(unit: true)
    }
}
