extension FailoverStateMachine {
    /// `lvsctl failover` on this node: hand the VIPs to the peer without ever leaving them unowned.
    mutating func requestFailover(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        func refuse(_ why: String) { actions.append(.answer(.failover, .refused(why))) }
        guard configuration.hasPeer else { return refuse("no backup is configured") }
        switch state {
        case .active:
            if peerIsGone(at: now) { return refuse("the partner is not answering heartbeats; nobody to hand over to") }
            switch peerState {
            case .inactive, .requestingTakeover:
                let table = peerTable ?? .unreported
                guard table.acceptsHandover else {
                    return refuse(
                        "the partner's table is not ready (\(table)); it takes the VIPs only once every real server "
                            + "has had its first health check: see lvsctl status there, and try again")
                }
                beginHandover("manual failover requested", at: now, into: &actions)
                if configuration.releaseBeforeTakeover {
                    return actions.append(
                        .answer(
                            .failover,
                            .accepted(
                                "releasing: this node stops the failover services and takes the VIPs down, then the "
                                    + "partner brings them up (this node takes them back if the partner has not taken "
                                    + "over within \(configuration.handoverTimeout))")))
                }
                let how =
                    switch table {
                    case .ready: "the partner's table is ready: it takes the VIPs at once"
                    case .cold: "the partner starts lvsd and takes the VIPs once its first health checks are in"
                    default: "the partner takes the VIPs"
                    }
                actions.append(
                    .answer(
                        .failover,
                        .accepted(
                            "handing over: \(how), then this node lets go (cancelled if the partner has not taken over "
                                + "within \(configuration.handoverTimeout))")))
            case .faulted:
                refuse("the partner is faulted and cannot take over")
            case .active, .handingOver:
                refuse("the partner is already active")
            case .stopping, nil:
                refuse("the partner's state is unknown")
            }
        case .handingOver, .releasing, .handedOver:
            refuse("a failover is already under way")
        case .activating:
            refuse("this node is still activating; try again once it is active")
        case .idle, .listening, .inactive, .preparing, .requestingTakeover, .faulted, .stopped:
            refuse("this node is not active (it is \(state))")
        }
    }

    /// `lvsctl takeover` on this node: become active, asking an active peer to hand over first.
    mutating func requestTakeover(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        func refuse(_ why: String) { actions.append(.answer(.takeover, .refused(why))) }
        func accept(_ what: String) { actions.append(.answer(.takeover, .accepted(what))) }
        switch state {
        case .activating, .active, .handingOver, .releasing:
            return refuse("this node is already active")
        case .handedOver:
            return refuse("this node has just handed over; the partner is taking over")
        case .requestingTakeover, .preparing:
            return refuse("a takeover is already under way")
        case .listening:
            return refuse(
                "still listening for the partner; this node decides within \(configuration.deadtime) of starting")
        case .faulted:
            let blocking = faults.keys.filter { !$0.isAcknowledgeable }.sorted()
            guard blocking.isEmpty else {
                return refuse("this node is faulted: \(blocking.map { faults[$0]! }.joined(separator: ", "))")
            }
            log(.notice, "takeover requested: the admin acknowledges \(faultSummary)", into: &actions)
            faults = [:]
            enter(.inactive, at: now, into: &actions)
        case .inactive:
            break
        case .idle, .stopped:
            return refuse("pulse is not running")
        }
        let peerHolds = !peerIsGone(at: now) && (peerState?.holdsVIPs ?? false)
        // The partner serves: take over from it only with a table that can serve (cold standby
        // builds it while the partner keeps serving).
        if peerHolds, configuration.warmStandby, !table.canServe {
            return refuse(
                "this director's table is not ready (\(table)); the partner keeps the VIPs until every real server "
                    + "here has had its first health check: see lvsctl status, and try again")
        }
        if !peerHolds || peerState == .handingOver {
            activate("takeover requested", tableFirst: peerHolds, at: now, into: &actions)
            return accept("activating")
        }
        switch configuration.heartbeatProtocol {
        case .lvsrouter:
            log(.notice, "takeover requested: asking the partner to hand over", into: &actions)
            requestDeadline = now + configuration.handoverTimeout
            enter(.requestingTakeover, at: now, into: &actions)
            let how =
                configuration.releaseBeforeTakeover
                ? "the partner stops the failover services and its VIPs, then this node starts them"
                : configuration.warmStandby
                    ? "this node takes the VIPs as soon as the partner hands over"
                    : "this node starts lvsd and activates once its first health checks are in"
            accept(
                "asked the partner to hand over: \(how), then the partner lets go (cancelled if it has not handed "
                    + "over within \(configuration.handoverTimeout))")
        case .piranha where configuration.role == .primary:
            activate("takeover requested (a Piranha backup yields to an active primary)", at: now, into: &actions)
            accept("activating; the Piranha backup yields when it sees this node active")
        case .piranha:
            refuse(
                "the partner speaks Piranha's heartbeat, which cannot ask it to hand over; run the failover on the "
                    + "partner instead (or stop its pulse)")
        }
    }
}
