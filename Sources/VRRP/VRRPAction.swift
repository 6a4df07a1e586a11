import Heartbeat

/// What pulse must do, returned by ``VRRPElection`` in the order to do it.
public enum VRRPAction: Hashable, Sendable {
    /// Send an advertisement at this priority (0: this router stops being master).
    case advertise(priority: UInt8)
    /// One of pulse's failover actions: activate, deactivate, start lvsd, gratuitous ARPs, a log
    /// line, an answer, exit, a wake-up.
    case failover(FailoverAction)
}
