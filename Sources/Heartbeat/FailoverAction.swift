/// What pulse must do, returned by ``FailoverStateMachine/handle(_:at:)`` in the order to do it.
public enum FailoverAction: Hashable, Sendable {
    /// Send a heartbeat announcing this state and this director's table on every path
    /// (``HeartbeatSender``).
    case sendHeartbeat(HeartbeatState, TableReadiness)
    /// Activate: bring the VIPs and `nat_router` up, send the first gratuitous ARPs (unless
    /// `garp_count` is 0), switch the sync daemon to master, run `active_cmd`. Then report
    /// ``FailoverEvent/activationFinished`` or ``FailoverEvent/activationFailed(_:)``. lvsd is not
    /// part of it: it runs already (warm standby), or ``startLVSD`` comes with it (cold standby).
    case activate
    /// Deactivate: take the VIPs and `nat_router` down, switch the sync daemon to backup, run
    /// `inactive_cmd`. lvsd keeps running (warm standby) unless ``stopLVSD`` comes with it.
    case deactivate
    /// Run lvsd (and keep it running: restarts with backoff, reporting ``FailoverEvent/tableChanged(_:)``
    /// and, when it cannot be kept running, ``FailoverEvent/lvsdFailed(_:)``).
    case startLVSD
    /// Stop lvsd (cold standby, on letting go). Its table goes with it.
    case stopLVSD
    /// Send another round of gratuitous ARPs (and unsolicited neighbour advertisements) for every VIP.
    case sendGratuitousARPs
    /// Write a line to the log.
    case log(FailoverLogEntry)
    /// Answer an admin's request on the control socket.
    case answer(FailoverRequest, FailoverAnswer)
    /// Exit the process (after the actions before it).
    case exit
    /// Call ``FailoverStateMachine/handle(_:at:)`` with ``FailoverEvent/tick`` at this time (or
    /// earlier); replaces any earlier wake-up.
    case wakeUp(at: ContinuousClock.Instant)
}

/// A log line and its severity.
public struct FailoverLogEntry: Hashable, Sendable, CustomStringConvertible {
    /// How serious it is.
    public var severity: FailoverLogSeverity
    /// The text.
    public var message: String

    /// Creates a log line.
    public init(_ severity: FailoverLogSeverity, _ message: String) {
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(severity): \(message)" }
}

/// Severity of a ``FailoverLogEntry`` (pulse maps it to swift-log levels).
public enum FailoverLogSeverity: String, Hashable, Sendable, Comparable, CaseIterable {
    /// Detail for debugging.
    case debug
    /// Routine events (the peer's state changed).
    case info
    /// State changes of this node (activating, deactivating).
    case notice
    /// Something an admin should look at (a silent path, dropped heartbeats, a fault).
    case warning
    /// A failure (activation failed, lvsd died).
    case error

    public static func < (lhs: FailoverLogSeverity, rhs: FailoverLogSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// An admin's request.
public enum FailoverRequest: String, Hashable, Sendable {
    /// `lvsctl failover`: hand the VIPs to the peer.
    case failover
    /// `lvsctl takeover`: take the VIPs from the peer.
    case takeover
}

/// The answer to an admin's request.
public enum FailoverAnswer: Hashable, Sendable, CustomStringConvertible {
    /// Under way; the text says what happens next.
    case accepted(String)
    /// Not possible now; the text says why.
    case refused(String)

    public var description: String {
        switch self {
        case .accepted(let text): "accepted: \(text)"
        case .refused(let text): "refused: \(text)"
        }
    }
}
