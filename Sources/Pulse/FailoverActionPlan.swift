import Heartbeat
import Interfaces

/// What pulse's main loop does for each ``FailoverAction`` the machine hands it (those that are
/// not the heartbeat thread's own), and for its inactive start: the steps, in order. Pure.
public enum FailoverActionPlan {
    /// The steps for `action`, with the `settings` in force and the VIPs the address worker last
    /// reported held.
    ///
    /// - `.activate`, in the order that gets the VIPs answering soonest: VIPs up and the first
    ///   gratuitous ARPs (on the address worker), the sync daemon to master, then `active_cmd` once
    ///   the VIPs are up. The outcome goes to the machine only after the first ARPs: its *active*
    ///   heartbeat makes a partner that hands over take its addresses down, and the neighbours
    ///   must have learnt the new ones by then (a client or real server still sending to the
    ///   partner once it let go would lose its packets). lvsd is not touched: it runs already
    ///   (warm standby), or the machine starts it beside this (cold standby).
    /// - `.deactivate`: VIPs down first (the peer already announces them, or will at once), then
    ///   `inactive_cmd`, and the sync daemon back to backup. lvsd keeps running (warm standby)
    ///   unless the machine stops it too.
    /// - `.sendGratuitousARPs`: one more round for the VIPs held.
    public static func steps(
        for action: FailoverAction, settings: PulseSettings, heldAddresses: [VirtualAddress]
    ) -> [PulseStep] {
        switch action {
        case .activate:
            [
                .changeVIPs(.activate(settings.virtualAddresses, announce: settings.gratuitousARP.count > 0)),
                .switchSyncDaemon(.master),
            ]
        case .deactivate:
            [.changeVIPs(.deactivate(settings.virtualAddresses)), .switchSyncDaemon(.backup)]
        case .startLVSD:
            [.startLVSD]
        case .stopLVSD:
            [.stopLVSD]
        case .sendGratuitousARPs:
            heldAddresses.isEmpty ? [] : [.changeVIPs(.announce(heldAddresses, round: "repeat"))]
        case .exit:
            [.finish]
        case .sendHeartbeat, .wakeUp, .answer, .log:
            // The heartbeat thread's own (HeartbeatCore).
            []
        }
    }

    /// The inactive start Piranha makes: VIPs a killed pulse may have left behind are removed (so
    /// they are never on both directors), `inactive_cmd` runs and the sync daemon is a backup.
    public static func standBy(settings: PulseSettings) -> [PulseStep] {
        [.changeVIPs(.removeLeftovers(settings.virtualAddresses)), .switchSyncDaemon(.backup)]
    }
}
