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
    /// A heartbeat of a run of the peer not followed yet arrived (``HeartbeatReceiver/takeEchoRequest()``):
    /// send one at once, so the peer hears its own heartbeat echoed and follows this node without
    /// waiting a whole interval (both directors starting together elect in a round trip).
    case echoRequested
    /// The last ``FailoverAction/activate`` completed: VIPs up, first ARPs sent.
    case activationFinished
    /// The last ``FailoverAction/activate`` failed, with the reason.
    case activationFailed(String)
    /// This director's table changed readiness (lvsd started, checked every real server, died,
    /// came back).
    case tableChanged(TableReadiness)
    /// lvsd could not be kept running: it died again and again and its restarts exhausted their
    /// backoff (a single death only restarts it: the kernel's table stays meanwhile). With the
    /// reason, e.g. `"exited with status 1 5 times within 300 s"`.
    case lvsdFailed(String)
    /// lvsd (with `service = fos`, the fos daemon) is not running after a
    /// ``FailoverAction/stopLVSD`` (reported for every stop, also when it was not running).
    case lvsdStopped
    /// A ``FailoverAction/deactivate`` is done: the VIPs are down.
    case deactivationFinished
    /// A monitored link went down (`monitor_links`).
    case linkDown(String)
    /// A monitored link came back.
    case linkUp(String)
    /// An admin asked this node to fail over to the peer (`lvsctl failover`).
    case failoverRequested
    /// An admin asked this node to take the VIPs over from the peer (`lvsctl takeover`).
    case takeoverRequested
    /// This node's heartbeats stopped for this long (pulse was stopped or starved) past the limit
    /// of its VIP guard, which then took the VIPs down so that the partner, which is taking over,
    /// holds them alone. What the node knew of the partner is stale: it listens afresh.
    case stalled(Duration)
    /// pulse is terminating (SIGTERM/SIGINT), with the reason for the log, e.g. `"signal 15"`.
    case stop(String)
}
