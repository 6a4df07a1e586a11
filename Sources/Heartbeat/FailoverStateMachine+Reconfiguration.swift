extension FailoverStateMachine {
    /// Applies a reloaded configuration while running: `keepalive`, `deadtime`, the gratuitous ARP
    /// count and spacing, the hand-over timeout and the config serial. The role, the paths and the
    /// wire format cannot change without a restart (they define who the peer is), and neither can
    /// `--forceactive`, which only matters at start, or warm standby, which decides where lvsd runs:
    /// the running values are kept for those.
    ///
    /// The next heartbeat goes out one new `keepalive` from `now` at the latest, and the peer's
    /// deadline follows the new `deadtime` from its last heartbeat. Returns a
    /// ``FailoverAction/wakeUp(at:)`` for the earliest time anything is now due.
    public mutating func reconfigure(
        _ new: FailoverConfiguration, at now: ContinuousClock.Instant
    ) throws(FailoverConfigurationError) -> [FailoverAction] {
        guard new.role == configuration.role else {
            throw FailoverConfigurationError(
                "the role cannot change while running (\(configuration.role) -> \(new.role))")
        }
        guard new.paths == configuration.paths else {
            throw FailoverConfigurationError(
                "the heartbeat paths cannot change while running (\(configuration.paths) -> \(new.paths))")
        }
        guard new.heartbeatProtocol == configuration.heartbeatProtocol else {
            throw FailoverConfigurationError(
                "heartbeat_protocol cannot change while running (\(configuration.heartbeatProtocol) -> "
                    + "\(new.heartbeatProtocol))")
        }
        var applied = new
        applied.forceActive = configuration.forceActive
        applied.warmStandby = configuration.warmStandby
        configuration = applied
        if let due = nextHeartbeatAt, due > now + applied.keepalive {
            nextHeartbeatAt = now + applied.keepalive
        }
        // Rounds still owed for the current announcement follow the new count and spacing.
        if gratuitousARPRoundsLeft > 0 {
            gratuitousARPRoundsLeft = min(gratuitousARPRoundsLeft, max(0, applied.gratuitousARPCount - 1))
            nextGratuitousARPAt = gratuitousARPRoundsLeft > 0 ? now + applied.gratuitousARPInterval : nil
        }
        if let deadline = requestDeadline, deadline > now + applied.handoverTimeout {
            requestDeadline = now + applied.handoverTimeout
        }
        guard state != .idle, state != .stopped, let wake = nextWakeUp else { return [] }
        return [.wakeUp(at: wake)]
    }
}
