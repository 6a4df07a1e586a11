extension FailoverStateMachine {
    /// A heartbeat from the peer: liveness, what changed, then the decision for this state.
    mutating func receive(
        _ heartbeat: ReceivedHeartbeat, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        guard configuration.hasPeer else { return }
        let previous = peerState
        lastHeard[heartbeat.path] = now
        received[heartbeat.path, default: 0] += 1
        let wasUnreported = unreportedSilentPaths.remove(heartbeat.path) != nil
        if silentPaths.remove(heartbeat.path) != nil, !peerDeclaredGone, !wasUnreported {
            log(.notice, "heartbeats on the \(heartbeat.path) path again", into: &actions)
        }
        // This path works, so the paths that fell silent with it earlier really are cut.
        if !peerDeclaredGone {
            for path in unreportedSilentPaths.sorted() { reportSilence(of: path, into: &actions) }
            unreportedSilentPaths = []
        }
        // A round overtaken on the other path: the path is alive, the state is old news.
        if heartbeat.isStale { return }
        if let boot = heartbeat.bootID {
            if let old = peerBootID, old != boot { log(.notice, "partner restarted", into: &actions) }
            peerBootID = boot
        }
        if let serial = heartbeat.configSerial, serial != peerConfigSerial {
            peerConfigSerial = serial
            if let mine = configuration.configSerial, mine != serial {
                log(
                    .warning,
                    "partner runs a different configuration (serial \(serial), this node \(mine)); lvs.cf "
                        + "must be identical on both directors", into: &actions)
            }
        }
        if let announced = heartbeat.state {
            peerState = announced
            if announced != .inactive {
                peerInactiveSince = nil
            } else if previous != .inactive || peerInactiveSince == nil {
                peerInactiveSince = now
            }
        }
        if peerDeclaredGone, peerState != .stopping {
            peerDeclaredGone = false
            silentPaths = []
            unreportedSilentPaths = []
            revivedAt = now
            log(.notice, "partner alive again (\(peerState.map(\.description) ?? "state unknown"))", into: &actions)
        } else if let current = peerState, current != previous {
            log(current == .stopping ? .notice : .info, "partner is \(current)", into: &actions)
        }
        if peerState == .stopping { peerDeclaredGone = true }
        let previousTable = peerTable
        if let table = heartbeat.table {
            peerTable = table
            if let previousTable, table.kind != previousTable.kind {
                log(.info, "partner's table: \(table)", into: &actions)
            }
        }
        guard let peer = heartbeat.state else { return }
        let changed = peer != previous
        let tableChanged = peerTable != previousTable

        switch state {
        case .listening:
            enter(.inactive, at: now, into: &actions)
            reconsider(at: now, into: &actions)
        case .inactive, .requestingTakeover:
            reconsider(at: now, into: &actions)
        case .preparing:
            switch peer {
            case .handingOver:
                break
            case .active:
                abandonPreparation("partner active again (its hand-over was cancelled)", at: now, into: &actions)
            case .inactive, .faulted, .stopping, .requestingTakeover:
                // Nobody serves (or soon nobody): the VIPs need an owner now, ready or not.
                log(.notice, "partner \(peer) while this node prepared to take over: activating now", into: &actions)
                beginActivation(at: now, into: &actions)
            }
        case .activating:
            if peer == .active, configuration.role == .backup {
                deactivate("partner active: the backup yields", to: .inactive, at: now, into: &actions)
            }
        case .active:
            switch peer {
            case .active where configuration.role == .backup:
                deactivate("partner active: the backup yields", to: .inactive, at: now, into: &actions)
            case .active where changed && configuration.gratuitousARPCount > 0:
                log(.notice, "partner active: resending gratuitous ARPs", into: &actions)
                actions.append(.sendGratuitousARPs)
                scheduleGratuitousARPs(at: now)
            case .requestingTakeover:
                if let obstacle = partnerCannotTakeOver(at: now) {
                    if changed || tableChanged {
                        log(.warning, "partner requests takeover, but \(obstacle): staying active", into: &actions)
                    }
                } else {
                    beginHandover("partner requests takeover", at: now, into: &actions)
                }
            case let released
            where !released.holdsVIPs && previous?.holdsVIPs == true
                && configuration.gratuitousARPCount > 0:
                // The partner held the VIPs beside this node (a healed split, a yielding backup)
                // and may have announced them last: announce them again now that it let go.
                log(.notice, "partner let go of the VIPs (\(released)): resending gratuitous ARPs", into: &actions)
                actions.append(.sendGratuitousARPs)
                scheduleGratuitousARPs(at: now)
            default:
                if lvsdFailure != nil, tableChanged || changed { handOverForLVSD(at: now, into: &actions) }
            }
        case .handingOver:
            switch peer {
            case .active:
                deactivate("partner active: failover complete", to: .inactive, at: now, into: &actions)
            case .handingOver where configuration.role == .backup:
                deactivate("partner also hands over: the backup yields", to: .inactive, at: now, into: &actions)
            case .faulted, .stopping:
                cancelHandover("partner \(peer)", at: now, into: &actions)
            default:
                break
            }
        case .faulted:
            if peer == .active {
                clear([.lvsdFailed, .activationFailed], because: "partner active", at: now, into: &actions)
            }
        case .handedOver:
            receiveWhileHandedOver(peer, at: now, into: &actions)
        case .releasing, .idle, .stopped:
            break
        }
    }

    /// Time- and peer-driven decisions: whether an inactive node activates, whether a hand-over
    /// still has someone to hand over to.
    mutating func reconsider(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        if let held = decisionsHeldUntil {
            guard now >= held else { return }
            decisionsHeldUntil = nil
        }
        switch state {
        case .listening, .inactive, .requestingTakeover:
            if peerIsGone(at: now) {
                let reason =
                    peerState == .stopping
                    ? "partner stopping"
                    : lastHeard.isEmpty ? "no heartbeat from the partner since starting" : "partner dead"
                activate(reason, at: now, into: &actions)
                return
            }
            guard let peer = peerState else { return }
            switch peer {
            case .active, .stopping:
                break
            case .handingOver:
                activate("partner hands over", tableFirst: true, at: now, into: &actions)
            case .faulted:
                activate("partner faulted", at: now, into: &actions)
            case .inactive where state == .requestingTakeover:
                activate("takeover: partner inactive", at: now, into: &actions)
            case .inactive where configuration.role == .primary:
                activate("backup inactive", at: now, into: &actions)
            case .inactive where standByDeadline.map { now >= $0 } ?? false:
                activate(
                    "primary inactive for \(Self.standByLimit) heartbeat intervals without activating", at: now,
                    into: &actions)
            case .inactive, .requestingTakeover:
                if state == .requestingTakeover {
                    activate("takeover: partner inactive", at: now, into: &actions)
                }
            }
        case .handingOver:
            if peerIsGone(at: now) {
                cancelHandover(peerState == .stopping ? "partner stopping" : "partner dead", at: now, into: &actions)
            }
        case .handedOver:
            if peerIsGone(at: now) {
                takeBack(peerState == .stopping ? "partner stopping" : "partner dead", at: now, into: &actions)
            }
        case .preparing:
            if peerIsGone(at: now) {
                log(
                    .notice,
                    "\(peerState == .stopping ? "partner stopping" : "partner dead") while this node prepared to "
                        + "take over: activating now", into: &actions)
                beginActivation(at: now, into: &actions)
            }
        case .idle, .activating, .active, .releasing, .faulted, .stopped:
            break
        }
    }

    /// How many heartbeat intervals a backup lets an inactive primary stand by before it activates.
    static var standByLimit: Int { 2 }

    /// When an inactive backup activates because the primary keeps standing by (see
    /// ``FailoverStateMachine``); `nil` when that does not apply.
    var standByDeadline: ContinuousClock.Instant? {
        guard configuration.role == .backup, state == .listening || state == .inactive, peerState == .inactive,
            let since = peerInactiveSince
        else { return nil }
        return since + configuration.keepalive * Self.standByLimit
    }

    /// Starts a manual failover from ``FailoverState/active``.
    mutating func beginHandover(_ reason: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction])
    {
        if configuration.releaseBeforeTakeover {
            return release("\(reason): handing over to the partner", to: .handedOver, at: now, into: &actions)
        }
        log(.notice, "\(reason): handing over to the partner", into: &actions)
        requestDeadline = now + configuration.handoverTimeout
        enter(.handingOver, at: now, into: &actions)
    }

    /// Gives up a manual failover and stays active.
    mutating func cancelHandover(
        _ reason: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        log(.warning, "failover cancelled (\(reason)): staying active", into: &actions)
        requestDeadline = nil
        enter(.active, at: now, into: &actions)
    }

    /// A hand-over or takeover that the peer did not complete in time.
    mutating func requestTimedOut(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        switch state {
        case .handingOver:
            cancelHandover(
                "the partner did not take over within \(configuration.handoverTimeout)", at: now, into: &actions)
        case .requestingTakeover:
            log(
                .warning, "takeover cancelled: the partner did not hand over within \(configuration.handoverTimeout)",
                into: &actions)
            requestDeadline = nil
            enter(.inactive, at: now, into: &actions)
        case .handedOver:
            requestDeadline = nil
            takeBack("the partner did not take over within \(configuration.handoverTimeout)", at: now, into: &actions)
        default:
            requestDeadline = nil
        }
    }

    /// Counts a dropped heartbeat and logs it, at most once per ``dropLogInterval`` per reason.
    mutating func countDrop(
        _ rejection: HeartbeatRejection, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        let reason = rejection.reason
        dropped[reason, default: 0] += 1
        let total = dropped[reason]!
        if reason == .handshake { return }
        if let last = dropLogged[reason], now - last.at < Self.dropLogInterval { return }
        let unreported = total - 1 - (dropLogged[reason]?.count ?? 0)
        let more = unreported > 0 ? " (and \(unreported) more \(reason) since the last report)" : ""
        log(.warning, "\(rejection)\(more)", into: &actions)
        dropLogged[reason] = (now, total)
    }
}
