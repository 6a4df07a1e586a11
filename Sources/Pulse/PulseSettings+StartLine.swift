extension PulseSettings {
    /// The first log line: role, address, peer, timing, and where lvsd runs (`startsLVSD`:
    /// false under `--norun`).
    public func startLine(startsLVSD: Bool) -> String {
        if let cluster {
            let members = cluster.settings.directors.map(\.description).joined(separator: " ")
            return
                "STARTING PULSE AS CLUSTER MEMBER (\(cluster.ownAddress) of \(members); BGP \(cluster.sessions.summary)"
                + "\(startsLVSD ? "" : "; lvsd will not be started (--norun)"))"
        }
        let name = role == .primary ? "MASTER" : "BACKUP"
        let partner = peer.map { "peer \($0)" } ?? "no backup"
        let lvsdNote: String
        if runsFailoverServices {
            lvsdNote =
                startsLVSD
                ? "; failover services: fos runs them only while active" : "; fos will not be started (--norun)"
        } else if !startsLVSD {
            lvsdNote = "; lvsd will not be started (--norun)"
        } else if warmStandby {
            lvsdNote = "; warm standby: lvsd runs on both directors"
        } else {
            lvsdNote = "; cold standby: lvsd runs only while active"
        }
        let timing = vrrp.map(\.summary) ?? "keepalive \(keepalive), deadtime \(deadtime)"
        return "STARTING PULSE AS \(name) (\(role) \(localAddress), \(partner); \(timing)\(lvsdNote))"
    }
}
