extension PulseSettings {
    /// The first log line: role, address, peer, timing, and where lvsd runs (`startsLVSD`:
    /// false under `--norun`).
    public func startLine(startsLVSD: Bool) -> String {
        let name = role == .primary ? "MASTER" : "BACKUP"
        let partner = peer.map { "peer \($0)" } ?? "no backup"
        let lvsdNote =
            !startsLVSD
            ? "; lvsd will not be started (--norun)"
            : warmStandby ? "; warm standby: lvsd runs on both directors" : "; cold standby: lvsd runs only while active"
        return "STARTING PULSE AS \(name) (\(role) \(localAddress), \(partner); keepalive \(keepalive), deadtime \(deadtime)\(lvsdNote))"
    }
}
