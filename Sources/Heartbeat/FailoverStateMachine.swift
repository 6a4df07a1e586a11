/// pulse's failover decisions, as a pure state machine: events and the time in, actions out.
///
/// It never reads a clock, touches a socket or starts a process. pulse feeds it every event with
/// the time it is handled at (``handle(_:at:)``), performs the returned ``FailoverAction``s in
/// order, and calls it again with ``FailoverEvent/tick`` at the last ``FailoverAction/wakeUp(at:)``.
///
/// The rules are Piranha's pulse (the peer's state from its heartbeats; active after `deadtime`
/// of silence; a `stopping` peer is taken over at once) with these changes:
///
/// - **Listen before activating.** A node starts in ``FailoverState/listening`` and announces
///   *inactive*. If it hears an active peer it stands by (no preemption: a returning primary stays
///   inactive). If the peer is inactive too, the **primary** activates and the backup waits, so two
///   nodes starting together never both activate. If it hears nothing for `deadtime`, it activates.
///   `--forceactive` skips the listening.
/// - **Both paths.** The peer is dead only when every configured path has been silent for
///   `deadtime`; one silent path is logged, nothing more.
///   A backup that sees the primary stand by for two heartbeat intervals without activating
///   activates itself (with `heartbeat_protocol = piranha` this is also how a primary's manual
///   failover reaches the backup, since Piranha's format cannot say "handing over").
/// - **The backup yields** when both are active; the primary re-sends its gratuitous ARPs.
/// - **Stopping.** On SIGTERM the node announces *stopping* before it lets go, and a peer that
///   sees *stopping* takes over at once instead of waiting for `deadtime`.
/// - **Warm standby.** lvsd runs on both directors (``FailoverAction/startLVSD`` at start), and
///   every heartbeat carries this director's ``TableReadiness``. A takeover then only moves the
///   addresses. With ``FailoverConfiguration/warmStandby`` off (Piranha's cold standby) lvsd is
///   started on activation and stopped on deactivation.
/// - **Manual failover** never leaves the VIPs without an owner, and goes only to a partner whose
///   table can serve: the active node announces *handing over* (refused while the partner's table
///   is not ready), the peer activates — at once when its table is ready, else once it is
///   (``FailoverState/preparing``) — and announces *active*, and only then does the first node
///   deactivate. A takeover request on the inactive node asks the active one to do the same.
///   Either is cancelled after `handoverTimeout`.
/// - **lvsd** that dies is restarted by pulse and adopts the kernel's table; only when it cannot be
///   kept running (``FailoverEvent/lvsdFailed(_:)``) does an active node hand over, and only to a
///   partner whose table is ready (it stays active, serving from the kernel's table, until there
///   is one).
/// - **Faults** (activation failed, a monitored link down, lvsd failed on the active node) deactivate
///   the node and keep it *faulted* — announced, so the peer takes over at once — until they clear.
/// - **Failover services** (``FailoverConfiguration/releaseBeforeTakeover``): the service must
///   never run on both directors, so every planned letting go (a manual failover or takeover, a
///   failed service, a fault, a yielding backup, SIGTERM) is release-first: the node stops the
///   fos daemon (`stop_cmd`), then takes the VIPs down, still announcing *active*
///   (``FailoverState/releasing``), and only then announces *handing over*, *faulted*, *inactive*
///   or *stopping*, and the partner takes over. A failed service is a fault: the node does not
///   take the services back until the partner was active or an admin's takeover says so.
public struct FailoverStateMachine: Sendable {
    /// The settings it runs with.
    public internal(set) var configuration: FailoverConfiguration
    /// The current state.
    public internal(set) var state: FailoverState = .idle
    /// The last state the peer announced; `nil` before the first heartbeat.
    public internal(set) var peerState: HeartbeatState?
    /// This director's table, as pulse last reported it (``FailoverEvent/tableChanged(_:)``).
    public internal(set) var table: TableReadiness = .unreported
    /// The partner's table, as its last heartbeat announced it; `nil` before its first heartbeat
    /// (Piranha's format never says).
    public internal(set) var peerTable: TableReadiness?

    var faults: [FailoverFault: String] = [:]
    var startedAt: ContinuousClock.Instant?
    var lastHeard: [HeartbeatPath: ContinuousClock.Instant] = [:]
    var silentPaths: Set<HeartbeatPath> = []
    /// Paths that fell silent while no other path was fresh either: reported only if another path
    /// turns out to be alive (otherwise the partner is dead, and that is the one line logged).
    var unreportedSilentPaths: Set<HeartbeatPath> = []
    /// When the partner was last heard again after being declared gone: each path's silence is
    /// counted from here at the earliest, since its older heartbeats belong to the partner's last life.
    var revivedAt: ContinuousClock.Instant?
    /// When this node came back from a stall (``FailoverEvent/stalled(_:)``): the partner's silence
    /// is counted from here at the earliest, since this node could not hear it meanwhile.
    var listeningSince: ContinuousClock.Instant?
    /// After a stall, the heartbeats that waited meanwhile arrive in a burst, oldest first: no
    /// decision is taken on them before this time (one keepalive later), when the newest tells.
    var decisionsHeldUntil: ContinuousClock.Instant?
    var peerDeclaredGone = false
    var peerBootID: UInt64?
    var peerConfigSerial: UInt32?
    var peerInactiveSince: ContinuousClock.Instant?
    var announced: HeartbeatState?
    var nextHeartbeatAt: ContinuousClock.Instant?
    /// When a heartbeat last went out for ``FailoverEvent/echoRequested``.
    var echoSentAt: ContinuousClock.Instant?
    var gratuitousARPRoundsLeft = 0
    var nextGratuitousARPAt: ContinuousClock.Instant?
    var requestDeadline: ContinuousClock.Instant?
    var pendingActivations = 0
    /// Whether lvsd should run now (always with warm standby; while holding the VIPs without).
    var lvsdWanted = false
    /// When a node in ``FailoverState/preparing`` takes the VIPs even if its table is not ready.
    var preparationDeadline: ContinuousClock.Instant?
    /// lvsd cannot be kept running on this active node: it hands over once the partner can take
    /// over; the reason.
    var lvsdFailure: String?
    /// Releasing (failover services): where the node goes once the services and VIPs are down.
    var releaseEnd: ReleaseEnd?
    /// Releasing: the VIPs are being taken down (the services have stopped).
    var releasingAddresses = false
    /// `.deactivate` actions whose ``FailoverEvent/deactivationFinished`` has not come yet.
    var pendingDeactivations = 0
    var dropped: [HeartbeatDropReason: Int] = [:]
    /// Valid heartbeats received on each path.
    var received: [HeartbeatPath: Int] = [:]
    /// Times this node began holding the VIPs, and times it stopped holding them.
    var takeovers = 0
    var handovers = 0
    var dropLogged: [HeartbeatDropReason: (at: ContinuousClock.Instant, count: Int)] = [:]

    /// How often, at most, drops of one reason are logged.
    public static let dropLogInterval: Duration = .seconds(10)

    /// Creates a machine in ``FailoverState/idle``; feed it ``FailoverEvent/start``.
    public init(configuration: FailoverConfiguration) {
        self.configuration = configuration
    }

    /// Handles one event at time `now` and returns what to do, in order. The last action is a
    /// ``FailoverAction/wakeUp(at:)`` whenever a timer is pending.
    public mutating func handle(_ event: FailoverEvent, at now: ContinuousClock.Instant) -> [FailoverAction] {
        var actions: [FailoverAction] = []
        switch (state, event) {
        case (.stopped, _):
            return []
        case (.idle, .start):
            start(at: now, into: &actions)
        case (.idle, .stop):
            state = .stopped
            actions.append(.exit)
            return actions
        case (.idle, .failoverRequested):
            actions.append(.answer(.failover, .refused("pulse has not started yet")))
            return actions
        case (.idle, .takeoverRequested):
            actions.append(.answer(.takeover, .refused("pulse has not started yet")))
            return actions
        case (.idle, .tableChanged(let readiness)):
            // pulse may learn about lvsd before it starts the machine: the first heartbeat says so.
            table = readiness
            return []
        case (.idle, _):
            return []
        case (_, .start):
            break
        case (_, .tick):
            tick(at: now, into: &actions)
        case (_, .heartbeatReceived(let heartbeat)):
            receive(heartbeat, at: now, into: &actions)
        case (_, .heartbeatDropped(let rejection)):
            countDrop(rejection, at: now, into: &actions)
        case (_, .echoRequested):
            // At most four a keepalive: forged packets of ever new runs must not make a flood.
            if configuration.hasPeer, let announced, echoSentAt.map({ now - $0 >= configuration.keepalive / 4 }) ?? true
            {
                echoSentAt = now
                actions.append(.sendHeartbeat(announced, table))
            }
        case (_, .activationFinished):
            activationFinished(at: now, into: &actions)
        case (_, .activationFailed(let reason)):
            activationFailed(reason, at: now, into: &actions)
        case (_, .tableChanged(let readiness)):
            tableChanged(readiness, at: now, into: &actions)
        case (_, .lvsdFailed(let reason)):
            lvsdFailed(reason, at: now, into: &actions)
        case (_, .lvsdStopped):
            serviceStopped(at: now, into: &actions)
        case (_, .deactivationFinished):
            deactivationFinished(at: now, into: &actions)
        case (_, .linkDown(let name)):
            raise(.linkDown(name), detail: "link \(name) down", at: now, into: &actions)
        case (_, .linkUp(let name)):
            clear([.linkDown(name)], because: "link \(name) restored", at: now, into: &actions)
        case (_, .failoverRequested):
            requestFailover(at: now, into: &actions)
        case (_, .takeoverRequested):
            requestTakeover(at: now, into: &actions)
        case (_, .stalled(let length)):
            stalled(length, at: now, into: &actions)
        case (_, .stop(let reason)):
            stop(reason, at: now, into: &actions)
            return actions
        }
        if let wake = nextWakeUp { actions.append(.wakeUp(at: wake)) }
        return actions
    }

    /// The earliest time something is due, or `nil` when nothing is pending.
    public var nextWakeUp: ContinuousClock.Instant? {
        guard state != .idle, state != .stopped else { return nil }
        var times: [ContinuousClock.Instant] = []
        if let nextHeartbeatAt { times.append(nextHeartbeatAt) }
        if configuration.hasPeer, let startedAt {
            for path in configuration.paths where !silentPaths.contains(path) {
                times.append(silenceDeadline(of: path, startedAt: startedAt))
            }
        }
        if let nextGratuitousARPAt { times.append(nextGratuitousARPAt) }
        if let requestDeadline { times.append(requestDeadline) }
        if let preparationDeadline { times.append(preparationDeadline) }
        if let standByDeadline { times.append(standByDeadline) }
        if let decisionsHeldUntil { times.append(decisionsHeldUntil) }
        return times.min()
    }

    // MARK: - Start, tick, stop

    private mutating func start(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        startedAt = now
        log(
            .notice,
            "starting as \(configuration.role)\(configuration.warmStandby ? "" : " (cold standby: lvsd runs only while active)")",
            into: &actions)
        if configuration.warmStandby { startLVSD(into: &actions) }
        if configuration.forceActive {
            enter(.listening, at: now, into: &actions)
            activate("forced active on startup", at: now, into: &actions)
        } else if !configuration.hasPeer {
            enter(.listening, at: now, into: &actions)
            activate("no backup configured", at: now, into: &actions)
        } else {
            enter(.listening, at: now, into: &actions)
        }
    }

    private mutating func tick(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        if let due = nextHeartbeatAt, now >= due, let announced {
            actions.append(.sendHeartbeat(announced, table))
            // Keep the rhythm, but never send a burst after a long stall.
            let next = due + configuration.keepalive
            nextHeartbeatAt = next > now ? next : now + configuration.keepalive
        }
        if let due = nextGratuitousARPAt, now >= due {
            if state == .active || state == .handingOver, gratuitousARPRoundsLeft > 0 {
                actions.append(.sendGratuitousARPs)
                gratuitousARPRoundsLeft -= 1
            }
            nextGratuitousARPAt = gratuitousARPRoundsLeft > 0 ? now + configuration.gratuitousARPInterval : nil
        }
        checkPaths(at: now, into: &actions)
        if let deadline = requestDeadline, now >= deadline {
            requestTimedOut(at: now, into: &actions)
        }
        if state == .preparing, let deadline = preparationDeadline, now >= deadline {
            log(
                .warning,
                "this director's table is not ready within \(configuration.preparationLimit) (\(table)): "
                    + "taking the VIPs anyway", into: &actions)
            beginActivation(at: now, into: &actions)
        }
        reconsider(at: now, into: &actions)
    }

    private mutating func stop(_ reason: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction])
    {
        let held = state.holdsVIPs
        if held, configuration.releaseBeforeTakeover {
            log(.notice, "terminating (\(reason))", into: &actions)
            preparationDeadline = nil
            release(
                "terminating", to: .stopped, at: now, into: &actions)
            return
        }
        log(.notice, "terminating (\(reason))\(held ? ": announcing stopping, deactivating" : "")", into: &actions)
        if state == .handingOver || state == .requestingTakeover {
            requestDeadline = nil
        }
        preparationDeadline = nil
        enter(.stopped, at: now, into: &actions)
        if held { requestDeactivation(into: &actions) }
        actions.append(.exit)
    }

    /// The VIP guard took the VIPs down while this node was stalled: it lets go of them for good
    /// (the partner is taking over, or has) and listens to the partner afresh for a deadtime
    /// before deciding anything, since the heartbeats it missed meanwhile say nothing about the
    /// partner.
    private mutating func stalled(
        _ length: Duration, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        listeningSince = now
        decisionsHeldUntil = now + configuration.keepalive
        silentPaths = []
        unreportedSilentPaths = []
        // What the partner said before is stale: it may have taken over since.
        peerState = nil
        peerInactiveSince = nil
        peerDeclaredGone = false
        let what = "this director's heartbeats stopped for \(length) (pulse was stopped or starved)"
        if state.holdsVIPs {
            deactivate(
                "\(what); its VIP guard took the VIPs down before the partner took over", severity: .warning,
                to: .inactive, announceFirst: true, at: now, into: &actions)
        } else {
            log(.warning, "\(what): listening to the partner afresh", into: &actions)
        }
    }

    // MARK: - Activation

    /// Asks pulse to activate, from an inactive state. `tableFirst` when the partner hands over on
    /// purpose and keeps serving meanwhile: unless this director's table can serve already, the
    /// node waits for it in ``FailoverState/preparing`` (cold standby: starting lvsd first).
    mutating func activate(
        _ reason: String, tableFirst: Bool = false, at now: ContinuousClock.Instant,
        into actions: inout [FailoverAction]
    ) {
        requestDeadline = nil
        guard tableFirst, !table.canServe else {
            log(.notice, "\(reason): activating", into: &actions)
            beginActivation(at: now, into: &actions)
            return
        }
        log(
            .notice,
            "\(reason): activating once this director's table is ready (it is \(table); at most "
                + "\(configuration.preparationLimit))", into: &actions)
        startLVSD(into: &actions)
        preparationDeadline = now + configuration.preparationLimit
        enter(.preparing, at: now, into: &actions)
    }

    /// Asks pulse to bring the VIPs up (cold standby: and to start lvsd).
    mutating func beginActivation(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        requestDeadline = nil
        preparationDeadline = nil
        pendingActivations += 1
        enter(.activating, at: now, into: &actions)
        actions.append(.activate)
        // The failover services bind to the VIPs: the fos daemon starts once they are up.
        if !configuration.releaseBeforeTakeover { startLVSD(into: &actions) }
    }

    /// Gives up waiting for the table (the partner kept the VIPs) and stands by again.
    mutating func abandonPreparation(
        _ reason: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        log(.notice, "\(reason): not taking over", into: &actions)
        preparationDeadline = nil
        enter(.inactive, at: now, into: &actions)
        stopColdLVSD(into: &actions)
    }

    /// lvsd is wanted from now on (no action when it already is).
    mutating func startLVSD(into actions: inout [FailoverAction]) {
        guard !lvsdWanted else { return }
        lvsdWanted = true
        actions.append(.startLVSD)
    }

    /// Cold standby: lvsd is not wanted while the node does not hold the VIPs.
    mutating func stopColdLVSD(into actions: inout [FailoverAction]) {
        guard !configuration.warmStandby, lvsdWanted else { return }
        lvsdWanted = false
        actions.append(.stopLVSD)
    }

    /// Asks pulse to deactivate, from a state holding the VIPs, and enters `next`.
    mutating func deactivate(
        _ reason: String, severity: FailoverLogSeverity = .notice, to next: FailoverState, announceFirst: Bool = false,
        at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        if configuration.releaseBeforeTakeover, !announceFirst, next == .inactive || next == .faulted {
            return release(
                reason, severity: severity, to: next == .faulted ? .faulted : .inactive, at: now, into: &actions)
        }
        log(severity, "\(reason): deactivating", into: &actions)
        requestDeadline = nil
        gratuitousARPRoundsLeft = 0
        nextGratuitousARPAt = nil
        lvsdFailure = nil
        if announceFirst {
            enter(next, at: now, into: &actions)
            requestDeactivation(into: &actions)
        } else {
            requestDeactivation(into: &actions)
            enter(next, at: now, into: &actions)
        }
        stopColdLVSD(into: &actions)
    }

    private mutating func activationFinished(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        guard pendingActivations > 0 else { return }
        pendingActivations -= 1
        // An earlier activation that was cancelled meanwhile: pulse still reports it; not ours.
        guard pendingActivations == 0, state == .activating else { return }
        log(.notice, "activation finished: active", into: &actions)
        enter(.active, at: now, into: &actions)
        if configuration.releaseBeforeTakeover { startLVSD(into: &actions) }
        scheduleGratuitousARPs(at: now)
        if lvsdFailure != nil { handOverForLVSD(at: now, into: &actions) }
    }

    private mutating func activationFailed(
        _ reason: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        guard pendingActivations > 0 else { return }
        pendingActivations -= 1
        guard pendingActivations == 0, state == .activating else { return }
        raise(.activationFailed, detail: "activation failed: \(reason)", at: now, into: &actions)
    }

    /// Plans the remaining gratuitous ARP rounds of one announcement, the first having just gone out.
    mutating func scheduleGratuitousARPs(at now: ContinuousClock.Instant) {
        gratuitousARPRoundsLeft = max(0, configuration.gratuitousARPCount - 1)
        nextGratuitousARPAt = gratuitousARPRoundsLeft > 0 ? now + configuration.gratuitousARPInterval : nil
    }

    // MARK: - Faults

    /// This director's table changed: announced at once when its kind changed (the partner's
    /// decisions depend on it); a node preparing to take over takes the VIPs once it can serve.
    private mutating func tableChanged(
        _ readiness: TableReadiness, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        let previous = table
        table = readiness
        guard readiness != previous else { return }
        log(readiness.kind == previous.kind ? .debug : .info, "this director's table: \(readiness)", into: &actions)
        if readiness.kind != previous.kind, configuration.hasPeer, let announced, state != .stopped {
            actions.append(.sendHeartbeat(announced, readiness))
            nextHeartbeatAt = now + configuration.keepalive
        }
        if readiness == .ready, let failure = lvsdFailure {
            lvsdFailure = nil
            log(.notice, "lvsd runs again and its table is ready: no longer handing over (\(failure))", into: &actions)
        }
        if readiness == .ready, faults[.lvsdFailed] != nil {
            clear([.lvsdFailed], because: "lvsd runs again and its table is ready", at: now, into: &actions)
        }
        if state == .preparing, readiness.canServe {
            log(.notice, "this director's table is ready: taking the VIPs", into: &actions)
            beginActivation(at: now, into: &actions)
        }
    }

    /// lvsd cannot be kept running. An active node hands over, but only to a partner that can take
    /// over; until there is one it keeps the VIPs (the kernel's table keeps serving without health
    /// checks). A node that does not hold the VIPs announces its table as down, which is enough:
    /// nobody hands over to it on purpose, and it still takes over if the partner dies.
    private mutating func lvsdFailed(
        _ reason: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        if configuration.releaseBeforeTakeover {
            // The fos daemon stopped the services and exited: nothing to keep serving with.
            guard state == .activating || state == .active else { return }
            raise(.lvsdFailed, detail: "a failover service failed (the fos daemon \(reason))", at: now, into: &actions)
            return
        }
        switch state {
        case .activating, .active, .handingOver:
            lvsdFailure = reason
            handOverForLVSD(at: now, into: &actions)
        case .preparing:
            log(.error, "lvsd cannot be kept running (\(reason))", into: &actions)
            abandonPreparation("this director has no working lvsd", at: now, into: &actions)
        default:
            log(
                .error,
                "lvsd cannot be kept running (\(reason)); this director's table is announced as not ready, "
                    + "pulse keeps trying", into: &actions)
        }
    }

    /// Hands over because lvsd cannot be kept running here, when the partner can take over now:
    /// as a manual failover does (this node keeps the VIPs until the partner announces it holds
    /// them), or, with Piranha's heartbeat, which cannot say "handing over", as a fault.
    mutating func handOverForLVSD(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        guard let reason = lvsdFailure, state == .active else { return }
        if let obstacle = partnerCannotTakeOver(at: now) {
            log(
                .error,
                "lvsd cannot be kept running (\(reason)), but \(obstacle): staying active, the kernel's table "
                    + "serves without health checks; handing over once the partner can take over", into: &actions)
            return
        }
        if configuration.heartbeatProtocol == .piranha {
            raise(.lvsdFailed, detail: "lvsd cannot be kept running (\(reason))", at: now, into: &actions)
        } else {
            beginHandover("lvsd cannot be kept running (\(reason))", at: now, into: &actions)
        }
    }

    /// Why the partner cannot take the VIPs over now, or `nil` when it can.
    func partnerCannotTakeOver(at now: ContinuousClock.Instant) -> String? {
        if !configuration.hasPeer { return "no backup is configured" }
        if peerIsGone(at: now) { return "the partner is not answering heartbeats" }
        switch peerState {
        case .faulted?: return "the partner is faulted"
        case .active?, .handingOver?: return nil
        case .inactive?, .requestingTakeover?: break
        case .stopping?, nil: return "the partner's state is unknown"
        }
        let peer = peerTable ?? .unreported
        return peer.acceptsHandover ? nil : "the partner's table is not ready (\(peer))"
    }

    mutating func raise(
        _ fault: FailoverFault, detail: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        let isNew = faults[fault] == nil
        faults[fault] = detail
        if state.holdsVIPs, configuration.releaseBeforeTakeover {
            // The services first: the peer takes over once they have stopped here.
            release(detail, severity: .error, to: .faulted, at: now, into: &actions)
        } else if state.holdsVIPs {
            // Announce first: the peer starts taking over while this node lets go.
            deactivate(detail, severity: .error, to: .faulted, announceFirst: true, at: now, into: &actions)
        } else if state != .faulted {
            log(.warning, "\(detail): will not activate until it clears", into: &actions)
            requestDeadline = nil
            preparationDeadline = nil
            let wasPreparing = state == .preparing
            enter(.faulted, at: now, into: &actions)
            if wasPreparing { stopColdLVSD(into: &actions) }
        } else if isNew {
            log(.warning, "\(detail)", into: &actions)
        }
    }

    mutating func clear(
        _ cleared: [FailoverFault], because reason: String, at now: ContinuousClock.Instant,
        into actions: inout [FailoverAction]
    ) {
        let present = cleared.filter { faults[$0] != nil }
        guard !present.isEmpty else { return }
        for fault in present { faults[fault] = nil }
        guard state == .faulted else { return }
        if faults.isEmpty {
            log(.notice, "\(reason): fault cleared, standing by", into: &actions)
            enter(.inactive, at: now, into: &actions)
            reconsider(at: now, into: &actions)
        } else {
            log(.notice, "\(reason); still faulted: \(faultSummary)", into: &actions)
        }
    }

    var faultSummary: String { faults.keys.sorted().map { faults[$0]! }.joined(separator: ", ") }

    // MARK: - Peer liveness

    /// When the peer counts as dead unless heard again: `deadtime` after the last heartbeat on any
    /// path (or after start).
    var peerDeadline: ContinuousClock.Instant? {
        guard configuration.hasPeer, let startedAt else { return nil }
        return max(lastHeard.values.max() ?? startedAt, listeningSince ?? startedAt) + configuration.deadtime
    }

    /// Whether the peer is dead (silent on every path for `deadtime`) or said it is stopping.
    func peerIsGone(at now: ContinuousClock.Instant) -> Bool {
        guard let deadline = peerDeadline else { return true }
        return peerState == .stopping || now >= deadline
    }

    /// Logs paths that fell silent, and the peer's death when every path did.
    private mutating func checkPaths(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        guard configuration.hasPeer, let startedAt else { return }
        for path in configuration.paths where !silentPaths.contains(path) {
            if now >= silenceDeadline(of: path, startedAt: startedAt) {
                silentPaths.insert(path)
                guard silentPaths.count < configuration.paths.count else { continue }
                // When the partner dies, every path falls silent within microseconds of the first:
                // say so only when another path has carried a heartbeat lately.
                let fresh = configuration.paths.contains { other in
                    !silentPaths.contains(other)
                        && lastHeard[other].map { now - $0 < configuration.keepalive * 2 } == true
                }
                if fresh {
                    reportSilence(of: path, into: &actions)
                } else {
                    unreportedSilentPaths.insert(path)
                }
            }
        }
        if !peerDeclaredGone, peerIsGone(at: now) {
            peerDeclaredGone = true
            unreportedSilentPaths = []
            if peerState == .stopping {
                // Logged when the stopping heartbeat arrived.
            } else if lastHeard.isEmpty {
                log(
                    .warning, "no heartbeat from the partner within \(configuration.deadtime) of starting",
                    into: &actions)
            } else {
                log(
                    .warning, "no heartbeat from the partner on any path for \(configuration.deadtime): partner dead",
                    into: &actions)
            }
        }
    }

    /// When `path` counts as silent: `deadtime` after its last heartbeat, after the start, or after
    /// the partner came back, whichever is latest.
    func silenceDeadline(of path: HeartbeatPath, startedAt: ContinuousClock.Instant) -> ContinuousClock.Instant {
        max(lastHeard[path] ?? startedAt, revivedAt ?? startedAt, listeningSince ?? startedAt) + configuration.deadtime
    }

    /// Logs that `path` has been silent while another path still works.
    mutating func reportSilence(of path: HeartbeatPath, into actions: inout [FailoverAction]) {
        let others = configuration.paths.filter { !silentPaths.contains($0) }.map(\.description)
        let silence = lastHeard[path] == nil ? "since starting" : "for \(configuration.deadtime)"
        log(
            .warning,
            "no heartbeat on the \(path) path \(silence); the \(others.joined(separator: " and ")) path still carries "
                + "them", into: &actions)
    }

    // MARK: - Announcing

    /// Enters `next` and, when what the node announces changes, sends a heartbeat at once.
    mutating func enter(_ next: FailoverState, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        if next.holdsVIPs != state.holdsVIPs {
            if next.holdsVIPs { takeovers += 1 } else { handovers += 1 }
        }
        state = next
        let wire = Self.announcement(of: next)
        guard configuration.hasPeer, wire != announced else { return }
        announced = wire
        actions.append(.sendHeartbeat(wire, table))
        nextHeartbeatAt = state == .stopped ? nil : now + configuration.keepalive
    }

    /// What a node in `state` tells its peer.
    static func announcement(of state: FailoverState) -> HeartbeatState {
        switch state {
        case .idle, .listening, .inactive, .preparing, .activating: .inactive
        case .active, .releasing: .active
        case .handingOver, .handedOver: .handingOver
        case .requestingTakeover: .requestingTakeover
        case .faulted: .faulted
        case .stopped: .stopping
        }
    }

    mutating func log(_ severity: FailoverLogSeverity, _ message: String, into actions: inout [FailoverAction]) {
        actions.append(.log(FailoverLogEntry(severity, message)))
    }
}
