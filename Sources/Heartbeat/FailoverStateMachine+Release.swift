extension FailoverStateMachine {
    /// Where a release (failover services) ends, once the services and VIPs are down.
    enum ReleaseEnd: Int, Comparable {
        /// Standing by (a yielding backup).
        case inactive
        /// Handed over on purpose: the partner takes over now (``FailoverState/handedOver``).
        case handedOver
        /// A fault keeps the node from taking the services back.
        case faulted
        /// pulse stops: *stopping* is announced, then pulse exits.
        case stopped

        static func < (lhs: ReleaseEnd, rhs: ReleaseEnd) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Failover services: lets go of the services (the fos daemon runs every `stop_cmd`), then of
    /// the VIPs, still announcing *active*; ``finishRelease(at:into:)`` then enters `end`. A
    /// release under way only moves towards the stronger end (a stop or a fault wins).
    mutating func release(
        _ reason: String, severity: FailoverLogSeverity = .notice, to end: ReleaseEnd,
        at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        if state == .releasing {
            if let current = releaseEnd, end > current { releaseEnd = end }
            return
        }
        log(
            severity,
            "\(reason): stopping the failover services, then the VIPs; the partner takes over once they are down",
            into: &actions)
        requestDeadline = nil
        preparationDeadline = nil
        gratuitousARPRoundsLeft = 0
        nextGratuitousARPAt = nil
        lvsdFailure = nil
        releaseEnd = end
        releasingAddresses = false
        enter(.releasing, at: now, into: &actions)
        if lvsdWanted {
            lvsdWanted = false
            actions.append(.stopLVSD)
        } else {
            serviceStopped(at: now, into: &actions)
        }
    }

    /// The fos daemon is not running: a release takes the VIPs down next.
    mutating func serviceStopped(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        guard state == .releasing, !releasingAddresses, !lvsdWanted else { return }
        releasingAddresses = true
        requestDeactivation(into: &actions)
    }

    /// Asks pulse to take the VIPs down, counting the requests until each is done.
    mutating func requestDeactivation(into actions: inout [FailoverAction]) {
        pendingDeactivations += 1
        actions.append(.deactivate)
    }

    /// A `.deactivate` is done; the last one a release waits for ends it.
    mutating func deactivationFinished(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        pendingDeactivations = max(0, pendingDeactivations - 1)
        guard state == .releasing, releasingAddresses, pendingDeactivations == 0 else { return }
        finishRelease(at: now, into: &actions)
    }

    /// The services and VIPs are down here: now the partner may take over.
    mutating func finishRelease(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        let end = releaseEnd ?? .inactive
        releaseEnd = nil
        releasingAddresses = false
        switch end {
        case .inactive:
            log(.notice, "failover services and VIPs down: standing by", into: &actions)
            enter(.inactive, at: now, into: &actions)
            reconsider(at: now, into: &actions)
        case .handedOver:
            log(.notice, "failover services and VIPs down: the partner takes over now", into: &actions)
            requestDeadline = now + configuration.handoverTimeout
            enter(.handedOver, at: now, into: &actions)
        case .faulted:
            log(
                .warning, "failover services and VIPs down; faulted (\(faultSummary)): the partner takes over",
                into: &actions)
            enter(.faulted, at: now, into: &actions)
        case .stopped:
            log(.notice, "failover services and VIPs down: announcing stopping", into: &actions)
            enter(.stopped, at: now, into: &actions)
            actions.append(.exit)
        }
    }

    /// Handed over, but the partner did not take over (or cannot any more): the services come
    /// back here.
    mutating func takeBack(_ reason: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        log(.warning, "\(reason): taking the failover services back", into: &actions)
        beginActivation(at: now, into: &actions)
    }

    /// A heartbeat while handed over: the partner's answer to the hand-over.
    mutating func receiveWhileHandedOver(
        _ peer: HeartbeatState, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        switch peer {
        case .active:
            log(.notice, "partner active: failover complete", into: &actions)
            requestDeadline = nil
            enter(.inactive, at: now, into: &actions)
        case .faulted, .stopping:
            takeBack("partner \(peer)", at: now, into: &actions)
        case .handingOver where configuration.role == .primary:
            takeBack("partner hands over too", at: now, into: &actions)
        case .handingOver:
            requestDeadline = nil
            enter(.inactive, at: now, into: &actions)
        case .inactive, .requestingTakeover:
            // It has not seen the hand-over yet.
            break
        }
    }
}
