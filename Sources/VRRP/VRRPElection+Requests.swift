import Heartbeat

extension VRRPElection {
    /// `lvsctl failover`: a master advertises priority 0 (every interval) and stops preempting, so
    /// that the backup takes over after its skew and keeps the VIPs; it keeps the VIPs itself until
    /// the backup's first advertisement arrives, so that they never go without an owner. If none
    /// arrives within ``VRRPElectionConfiguration/handOverLimit``, this router keeps them: VRRP
    /// backups are silent, so a master cannot know beforehand whether any backup is there.
    mutating func failoverRequested(at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        guard state == .master else {
            let master = lastMaster.map { "; the master is \($0.address) (priority \($0.priority))" } ?? ""
            answer(.failover, .refused("this director is not the master (it is backup)\(master)"), &actions)
            return
        }
        guard handingOverUntil == nil else {
            answer(.failover, .refused("a failover is under way already"), &actions)
            return
        }
        let limit = configuration.handOverLimit
        log(
            .notice, "failover requested: advertising priority 0, keeping the VIPs until another router takes over",
            &actions)
        yielded = true
        handingOverUntil = now + limit
        advertiseNow(at: now, into: &actions)
        answer(
            .failover,
            .accepted(
                "advertised priority 0: a backup takes over within its skew time and this director lets go of "
                    + "the VIPs when it hears it, then stays backup (no preemption) until a takeover; if no router "
                    + "takes over within \(limit), this director keeps the VIPs"),
            &actions)
    }

    /// `lvsctl takeover`: a backup becomes master now, unless the live master would win the
    /// election straight back.
    mutating func takeoverRequested(at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        switch state {
        case .master:
            guard handingOverUntil != nil else {
                answer(.takeover, .refused("this director is the master already"), &actions)
                return
            }
            // Cancels a failover under way.
            handingOverUntil = nil
            yielded = false
            log(.notice, "takeover requested: the failover is cancelled", &actions)
            advertiseNow(at: now, into: &actions)
            answer(.takeover, .accepted("the failover is cancelled: this director stays master"), &actions)
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
