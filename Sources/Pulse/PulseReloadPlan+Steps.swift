import Interfaces

extension PulseReloadPlan {
    /// What applying the plan does to a pulse that runs with `running`, in order, once the
    /// heartbeat thread took the new timing: the file's new notes, the VIP change, a new VIP guard
    /// (the VIPs or the timing changed), the sync daemon in its role again (its settings changed),
    /// the links watched afresh (`monitor_links` changed), and a line for each change. `holdsVIPs`:
    /// whether the machine holds the VIPs.
    public func steps(running: PulseSettings, holdsVIPs: Bool) -> [PulseStep] {
        var steps: [PulseStep] = settings.notes.filter { !running.notes.contains($0) }.map { .log(.warning, $0) }
        if let change = vipChange(holdsVIPs: holdsVIPs) { steps.append(.changeVIPs(change)) }
        if running.virtualAddresses != settings.virtualAddresses || running.keepalive != settings.keepalive
            || running.deadtime != settings.deadtime
        {
            steps.append(.replaceVIPGuard)
        }
        if running.syncDaemon != settings.syncDaemon { steps.append(.switchSyncDaemon(holdsVIPs ? .master : .backup)) }
        if running.monitorLinks != settings.monitorLinks { steps.append(.restartLinkWatch) }
        steps += applied.map { .log(.notice, "reload applied: \($0)") }
        steps += needsRestart.map { change in
            let text = "reload: \(change) needs a restart of pulse (on both directors)"
            return .log(.warning, text + "; still running with the old value")
        }
        return steps
    }

    /// The VIP change, if any: VIPs the file dropped come down; new ones come up and are announced
    /// (with `garp_count` above 0) only when this director holds the VIPs. The announcers forget
    /// their packet sockets when a VIP went from an interface that no new VIP uses (the device
    /// may be gone or replaced).
    public func vipChange(holdsVIPs: Bool) -> VIPChange? {
        let added = holdsVIPs ? addedAddresses : []
        guard !removedAddresses.isEmpty || !added.isEmpty else { return nil }
        let addedInterfaces = Set(addedAddresses.map(\.interface))
        return .reload(
            remove: removedAddresses,
            forgetAnnouncers: removedAddresses.contains { !addedInterfaces.contains($0.interface) },
            add: added, announce: settings.gratuitousARP.count > 0 && !added.isEmpty)
    }

    /// The reload's outcome in one line, with what became of lvsd's reload (`lvsd`, nil when no
    /// lvsd runs): what was applied, what needs a restart.
    public func summary(lvsd: String?) -> String {
        var summary =
            changesNothing ? "no change" : applied.isEmpty ? "nothing applied" : applied.joined(separator: "; ")
        if !needsRestart.isEmpty { summary += "; needs a restart: " + needsRestart.joined(separator: "; ") }
        if let lvsd { summary += "; " + lvsd }
        return summary
    }
}
