import Heartbeat
import Units
import Interfaces
import Logging

/// One change to this director's VIPs: decided on pulse's loop, carried out in order with every
/// other on the address worker (``VIPHolder/carryOut(_:)``), and its outcome turned into what
/// follows (``followUp(_:settings:holdsVIPs:)``). Pure.
public enum VIPChange: Hashable, Sendable {
    /// The machine's `.activate`: every configured VIP up, then, when `announce` (`garp_count`
    /// above 0), the first round of gratuitous ARPs for the VIPs held.
    case activate([VirtualAddress], announce: Bool)
    /// The machine's `.deactivate`: the VIPs held, and every configured one, down.
    case deactivate([VirtualAddress])
    /// The inactive start: configured VIPs a killed pulse may have left up come down, so that
    /// they are never on both directors.
    case removeLeftovers([VirtualAddress])
    /// A reload: the VIPs the file dropped down, the announcers' packet sockets forgotten when
    /// `forgetAnnouncers` (an interface went), the new VIPs up and, when `announce`, announced.
    case reload(remove: [VirtualAddress], forgetAnnouncers: Bool, add: [VirtualAddress], announce: Bool)
    /// One more round of gratuitous ARPs; `round` names it in the log ("repeat").
    case announce([VirtualAddress], round: String)

    /// What the address worker did.
    public struct Outcome: Sendable {
        /// The VIPs held afterwards.
        public var held: [VirtualAddress]
        /// Addresses that could not be added or removed.
        public var failures: [InterfaceError]
        /// Gratuitous ARPs that could not be sent.
        public var announceFailures: [InterfaceError]
        /// The addresses taken down (for `.deactivate`, those held before).
        public var removed: [VirtualAddress]
        /// How long the change took.
        public var took: Duration

        /// An outcome.
        public init(
            held: [VirtualAddress], failures: [InterfaceError] = [], announceFailures: [InterfaceError] = [],
            removed: [VirtualAddress] = [], took: Duration = .zero
        ) {
            self.held = held
            self.failures = failures
            self.announceFailures = announceFailures
            self.removed = removed
            self.took = took
        }
    }

    /// The VIPs `.deactivate` takes down, in order: those held, then the configured ones not held
    /// (a VIP held but no longer configured comes down too).
    public static func takeDownOrder(held: [VirtualAddress], configured: [VirtualAddress]) -> [VirtualAddress] {
        let heldSet = Set(held)
        return held + configured.filter { !heldSet.contains($0) }
    }

    /// What follows once the change is done, on the loop: the VIPs held recorded, log lines, the
    /// activation's outcome for the machine, `active_cmd` or `inactive_cmd` (from the `settings`
    /// in force by then). `holdsVIPs`: whether the machine holds the VIPs by then.
    public func followUp(_ outcome: Outcome, settings: PulseSettings, holdsVIPs: Bool) -> [PulseStep] {
        let failures = outcome.failures.map { PulseStep.log(.error, "\($0)") }
        switch self {
        case .activate(_, let announce):
            let announced = announce ? ", announced" : ""
            let problems = outcome.failures.map(\.description)
            return [
                .recordHeld(outcome.held),
                .log(.notice, "VIPs up: \(outcome.held.listText)\(announced) (\(outcome.took.millisecondsText) ms)"),
            ] + failures + outcome.announceFailures.map { .log(.warning, "gratuitous ARP (first round): \($0)") } + [
                .report(problems.isEmpty ? .activationFinished : .activationFailed(problems.joined(separator: "; ")))
            ] + Self.run(settings.activeCommand, as: "active_cmd")
        case .deactivate:
            return [.recordHeld(outcome.held), .log(.notice, "VIPs down: \(outcome.removed.listText)")] + failures
                + [.report(.deactivationFinished)] + Self.run(settings.inactiveCommand, as: "inactive_cmd")
        case .removeLeftovers:
            let removed: [PulseStep] =
                outcome.removed.isEmpty
                ? [] : [.log(.warning, "removed VIPs left behind by an earlier run: \(outcome.removed.listText)")]
            // Activated meanwhile: active_cmd runs instead.
            return removed + failures + (holdsVIPs ? [] : Self.run(settings.inactiveCommand, as: "inactive_cmd"))
        case .reload:
            return [.recordHeld(outcome.held)] + failures
                + outcome.announceFailures.map { .log(.warning, "gratuitous ARP (reload round): \($0)") }
        case .announce(let addresses, let round):
            return outcome.announceFailures.map { .log(.warning, "gratuitous ARP (\(round) round): \($0)") } + [
                .log(.debug, "gratuitous ARP \(round) round for \(addresses.listText)")
            ]
        }
    }

    /// `command` run as `key`, unless there is none.
    private static func run(_ command: [String]?, as key: String) -> [PulseStep] {
        guard let command, !command.isEmpty else { return [] }
        return [.run(command, as: key)]
    }
}
