import Heartbeat

extension VRRPElection {
    /// `lvsctl failover`: a master advertises priority 0 and stops preempting, so that the backup
    /// takes over after its skew and keeps the VIPs. If no master is heard within
    /// Master_Down_Interval, this router takes them back: VRRP backups are silent, so a master cannot
    /// know beforehand whether any backup is there.
    mutating func failoverRequested(at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        guard state == .master else {
            let master = lastMaster.map { "; the master is \($0.address) (priority \($0.priority))" } ?? ""
            answer(.failover, .refused("this director is not the master (it is backup)\(master)"), &actions)
            return
        }
        let wait = configuration.masterDownInterval(masterInterval: masterInterval)
        log(.notice, "failover requested: advertising priority 0, deactivating", &actions)
        yielded = true
        resign(at: now, into: &actions)
        answer(
            .failover,
            .accepted(
                "advertised priority 0: a backup takes over within its skew time; this director stays backup "
                    + "(no preemption) and takes the VIPs back only if no master is heard within \(wait)"),
            &actions)
    }

    /// `lvsctl takeover`: a backup becomes master now, unless the live master would win the
    /// election straight back.
    mutating func takeoverRequested(at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        switch state {
        case .master:
            answer(.takeover, .refused("this director is the master already"), &actions)
            return
        case .initialize, .stopped:
            answer(.takeover, .refused("VRRP is not running"), &actions)
            return
        case .backup:
            break
        }
        let stubborn = faults.keys.filter { !$0.isAcknowledgeable }
        guard stubborn.isEmpty else {
            let names = stubborn.sorted().map(\.description).joined(separator: ", ")
            answer(.takeover, .refused("\(names): this director cannot serve"), &actions)
            return
        }
        let alive = lastMaster.map { now - $0.at < configuration.masterDownInterval(masterInterval: masterInterval) }
        if let master = lastMaster, alive == true, !isLower(master.priority, from: master.address) {
            answer(
                .takeover,
                .refused(
                    "the master \(master.address) advertises priority \(master.priority) (this director: "
                        + "\(configuration.priority)) and would take the VIPs straight back; lower its priority, or "
                        + "fail over there"), &actions)
            return
        }
        if !faults.isEmpty {
            log(
                .notice,
                "takeover requested: clearing \(faults.keys.sorted().map(\.description).joined(separator: ", "))",
                &actions)
            faults = [:]
        }
        yielded = false
        becomeMaster("takeover requested", at: now, into: &actions)
        answer(.takeover, .accepted("becoming master with priority \(configuration.priority)"), &actions)
    }

    func answer(_ request: FailoverRequest, _ answer: FailoverAnswer, _ actions: inout [VRRPAction]) {
        actions.append(.failover(.answer(request, answer)))
    }
}
