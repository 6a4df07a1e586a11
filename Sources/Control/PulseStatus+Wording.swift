/// How the status's facts read, shared by `lvsctl status` and lvsweb's monitoring page.
extension PulseStatus {
    /// The peer's role: the other one.
    public var peerRole: Role { role == .primary ? .backup : .primary }

    /// The peer's state as seen here, with what it last announced when that differs:
    /// `inactive`, `dead (says handing over)`.
    public var peerStateText: String {
        // VRRP backups never advertise: a master cannot hear whether its partner is there.
        if vrrp != nil, state == .active, peerState == .unknown { return "not heard (a VRRP backup is silent)" }
        let announced = peerAnnouncedState.map { $0 == peerState.rawValue ? "" : " (says \($0))" } ?? ""
        return peerState.rawValue + announced
    }

    /// `forged 2, replayed 1`; nil when none were dropped.
    public var droppedHeartbeatsText: String? {
        guard let droppedHeartbeats, !droppedHeartbeats.isEmpty else { return nil }
        return droppedHeartbeats.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// Both fingerprints when the peer's heartbeats say it runs another lvs.cf; nil otherwise.
    public var configMismatch: (peer: String, here: String)? {
        guard let configSerial, let peerConfigSerial, configSerial != peerConfigSerial else { return nil }
        return (peerConfigSerial, configSerial)
    }
}

extension PulseStatus.LVSDProcess {
    /// `running (PID 42)`, `running (PID 42), stopping`, or why it does not run.
    public var text: String {
        running
            ? "running\(pid.map { " (PID \($0))" } ?? "")\(note.map { ", \($0)" } ?? "")"
            : note ?? "not running"
    }
}
