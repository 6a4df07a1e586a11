/// Something that happened, fed to ``FailoverStateMachine/handle(_:at:)`` with the time it is
/// handled at.
public enum FailoverEvent: Hashable, Sendable {
    /// pulse started.
    case start
    /// A wake-up (``FailoverAction/wakeUp(at:)``) came due; harmless at any other time.
    case tick
    /// A heartbeat passed ``HeartbeatReceiver``'s checks.
    case heartbeatReceived(ReceivedHeartbeat)
    /// A heartbeat was dropped; counted and logged (rate-limited).
    case heartbeatDropped(HeartbeatRejection)
    /// The last ``FailoverAction/activate`` completed: VIPs up, first ARPs sent, lvsd started.
    case activationFinished
    /// The last ``FailoverAction/activate`` failed, with the reason.
    case activationFailed(String)
    /// lvsd exited on its own (not because pulse stopped it), e.g. `"exited with status 1"`.
    case lvsdExited(String)
    /// A monitored link went down (`monitor_links`).
    case linkDown(String)
    /// A monitored link came back.
    case linkUp(String)
    /// An admin asked this node to fail over to the peer (`lvsctl failover`).
    case failoverRequested
    /// An admin asked this node to take the VIPs over from the peer (`lvsctl takeover`).
    case takeoverRequested
    /// pulse is terminating (SIGTERM/SIGINT), with the reason for the log, e.g. `"signal 15"`.
    case stop(String)
}
