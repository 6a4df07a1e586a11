import Addressing
import Heartbeat

extension VRRPElection {
    /// An advertisement that passed ``VRRPAdvertFilter`` arrived from `source` at `now`.
    public mutating func receive(
        _ advertisement: VRRPAdvertisement, from source: IPAddress, at now: ContinuousClock.Instant
    ) -> [VRRPAction] {
        var actions: [VRRPAction] = []
        guard state == .backup || state == .master else { return actions }
        received += 1
        switch state {
        case .backup:
            heardInBackup(advertisement, from: source, at: now, into: &actions)
        case .master:
            heardAsMaster(advertisement, from: source, at: now, into: &actions)
        case .initialize, .stopped:
            break
        }
        wake(&actions)
        return actions
    }

    /// A packet ``VRRPAdvertFilter`` refused (or an advertisement whose addresses differ): counted,
    /// and logged once per reason per 10 s.
    public mutating func record(_ rejection: VRRPRejection, at now: ContinuousClock.Instant) -> [VRRPAction] {
        var actions: [VRRPAction] = []
        dropped[rejection.reason, default: 0] += 1
        if let last = dropLogged[rejection.reason], now - last < .seconds(10) { return actions }
        dropLogged[rejection.reason] = now
        let count = dropped[rejection.reason] ?? 1
        // Other virtual routers share the link as a matter of course.
        let severity: FailoverLogSeverity = rejection.reason == .virtualRouterID ? .debug : .warning
        log(severity, "\(rejection) (\(count) dropped for this reason)", &actions)
        return actions
    }

    private mutating func heardInBackup(
        _ advertisement: VRRPAdvertisement, from source: IPAddress, at now: ContinuousClock.Instant,
        into actions: inout [VRRPAction]
    ) {
        if advertisement.priority == VRRPAdvertisement.stoppingPriority {
            // The master stops: take over after the skew alone, whatever this router yielded.
            yielded = false
            lastMaster = nil
            guard faults.isEmpty else { return }
            let skew = configuration.skew(masterInterval: masterInterval)
            log(.notice, "master \(source) stops (priority 0): taking over in \(skew)", &actions)
            masterDownAt = now + skew
            shortenedBecause = "master \(source) stopped (priority 0)"
            return
        }
        let lower = isLower(advertisement.priority, from: source)
        if lower, configuration.preemptDelay > .zero, preemptHeldUntil == nil {
            preemptHeldUntil = now + configuration.preemptDelay
        } else if !lower {
            preemptHeldUntil = nil
        }
        if lower, let reason = preemptionReason(at: now) {
            // A live lower-priority master: let its timer run out, then take over.
            if lastMaster?.address != source || lastMaster?.priority != advertisement.priority {
                log(
                    .notice,
                    "master \(source) has priority \(advertisement.priority), lower than this director's "
                        + "\(configuration.priority): \(reason)", &actions)
            }
            lastMaster = HeardMaster(address: source, priority: advertisement.priority, at: now)
            return
        }
        if lastMaster?.address != source || lastMaster?.priority != advertisement.priority {
            log(.info, "master is \(source) (priority \(advertisement.priority))", &actions)
        }
        lastMaster = HeardMaster(address: source, priority: advertisement.priority, at: now)
        shortenedBecause = nil
        if configuration.version == .v3 { masterIntervalCentiseconds = advertisement.intervalCentiseconds }
        if faults.isEmpty {
            masterDownAt = now + configuration.masterDownInterval(masterInterval: masterInterval)
        }
    }

    private mutating func heardAsMaster(
        _ advertisement: VRRPAdvertisement, from source: IPAddress, at now: ContinuousClock.Instant,
        into actions: inout [VRRPAction]
    ) {
        if handingOverUntil != nil {
            // Handing over: the first other master to advertise has taken over; let go now.
            guard advertisement.priority != VRRPAdvertisement.stoppingPriority else { return }
            lastMaster = HeardMaster(address: source, priority: advertisement.priority, at: now)
            if configuration.version == .v3 { masterIntervalCentiseconds = advertisement.intervalCentiseconds }
            log(
                .notice,
                "failover: \(source) took over (priority \(advertisement.priority)): deactivating, staying backup",
                &actions)
            leaveMaster(at: now, into: &actions)
            return
        }
        if advertisement.priority == VRRPAdvertisement.stoppingPriority {
            // Another master stops: make sure the backups hear this one at once.
            advertiseNow(at: now, into: &actions)
            return
        }
        if !isLower(advertisement.priority, from: source) {
            lastMaster = HeardMaster(address: source, priority: advertisement.priority, at: now)
            if configuration.version == .v3 { masterIntervalCentiseconds = advertisement.intervalCentiseconds }
            log(
                .notice,
                "master \(source) has priority \(advertisement.priority)"
                    + (advertisement.priority == configuration.priority ? " and a higher address" : "")
                    + " (this director: \(configuration.priority)): becoming backup, deactivating", &actions)
            leaveMaster(at: now, into: &actions)
            return
        }
        // Two masters: answer at once and refresh the neighbours' caches, which the other one may
        // have pointed at itself.
        if lowerMasterLogged.map({ now - $0 >= .seconds(10) }) ?? true {
            lowerMasterLogged = now
            log(
                .warning,
                "\(source) advertises as master with priority \(advertisement.priority), lower than this director's "
                    + "\(configuration.priority): advertising at once and sending gratuitous ARPs", &actions)
        }
        advertiseNow(at: now, into: &actions)
        if !activating { actions.append(.failover(.sendGratuitousARPs)) }
    }

    /// Whether an advertisement at `priority` from `source` loses to this router: a lower priority,
    /// or an equal one from a lower address (RFC 5798 §6.4.3).
    func isLower(_ priority: UInt8, from source: IPAddress) -> Bool {
        if priority != configuration.priority { return priority < configuration.priority }
        return source.bytes.lexicographicallyPrecedes(configuration.ownAddress.bytes)
    }

    /// Why this backup preempts a live lower-priority master, or nil when it does not (it accepts
    /// that master instead).
    func preemptionReason(at now: ContinuousClock.Instant) -> String? {
        guard configuration.preempt, !yielded, faults.isEmpty else { return nil }
        if let held = preemptHeldUntil, now < held { return nil }
        // Taking the VIPs from a master that serves them with a table not ready here would make things
        // worse; from a dead master the timer still takes them.
        guard table.canServe else { return nil }
        return "taking over when its timer runs out (preemption)"
    }
}
