/// pulse's failover decisions, as a pure state machine: events and the time in, actions out.
///
/// It never reads a clock, touches a socket or starts a process. pulse feeds it every event with
/// the time it is handled at (``handle(_:at:)``), performs the returned ``FailoverAction``s in
/// order, and calls it again with ``FailoverEvent/tick`` at the last ``FailoverAction/wakeUp(at:)``.
///
/// The rules are Piranha's (piranha-behaviour.md §2.5) with these changes:
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
/// - **Manual failover** never leaves the VIPs without an owner: the active node announces
///   *handing over*, the peer activates table first (``FailoverAction/prepareAndActivate``) and
///   announces *active*, and only then does the first node deactivate. A takeover request on the inactive node asks the active one to do the same.
///   Either is cancelled after `handoverTimeout`.
/// - **Faults** (lvsd died, activation failed, a monitored link down) deactivate the node and keep
///   it *faulted* — announced, so the peer takes over at once — until they clear.
public struct FailoverStateMachine: Sendable {
    /// The settings it runs with.
    public internal(set) var configuration: FailoverConfiguration
    /// The current state.
    public internal(set) var state: FailoverState = .idle
    /// The last state the peer announced; `nil` before the first heartbeat.
    public internal(set) var peerState: HeartbeatState?

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
    var peerDeclaredGone = false
    var peerBootID: UInt64?
    var peerConfigSerial: UInt32?
    var peerInactiveSince: ContinuousClock.Instant?
    var announced: HeartbeatState?
    var nextHeartbeatAt: ContinuousClock.Instant?
    var gratuitousARPRoundsLeft = 0
    var nextGratuitousARPAt: ContinuousClock.Instant?
    var requestDeadline: ContinuousClock.Instant?
    var pendingActivations = 0
    var dropped: [HeartbeatDropReason: Int] = [:]
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
        case (_, .activationFinished):
            activationFinished(at: now, into: &actions)
        case (_, .activationFailed(let reason)):
            activationFailed(reason, at: now, into: &actions)
        case (_, .lvsdExited(let status)):
            lvsdExited(status, at: now, into: &actions)
        case (_, .linkDown(let name)):
            raise(.linkDown(name), detail: "link \(name) down", at: now, into: &actions)
        case (_, .linkUp(let name)):
            clear([.linkDown(name)], because: "link \(name) restored", at: now, into: &actions)
        case (_, .failoverRequested):
            requestFailover(at: now, into: &actions)
        case (_, .takeoverRequested):
            requestTakeover(at: now, into: &actions)
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
        if let standByDeadline { times.append(standByDeadline) }
        return times.min()
    }

    // MARK: - Start, tick, stop

    private mutating func start(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        startedAt = now
        log(.notice, "starting as \(configuration.role)", into: &actions)
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
            actions.append(.sendHeartbeat(announced))
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
        reconsider(at: now, into: &actions)
    }

    private mutating func stop(_ reason: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        let held = state.holdsVIPs
        log(.notice, "terminating (\(reason))\(held ? ": announcing stopping, deactivating" : "")", into: &actions)
        if state == .handingOver || state == .requestingTakeover {
            requestDeadline = nil
        }
        enter(.stopped, at: now, into: &actions)
        if held { actions.append(.deactivate) }
        actions.append(.exit)
    }

    // MARK: - Activation

    /// Asks pulse to activate, from an inactive state. `tableFirst` when the partner hands over on
    /// purpose and keeps serving meanwhile: lvsd's first checks come before the VIPs.
    mutating func activate(
        _ reason: String, tableFirst: Bool = false, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        log(.notice, "\(reason): activating\(tableFirst ? " once lvsd's first health checks are in" : "")", into: &actions)
        requestDeadline = nil
        pendingActivations += 1
        enter(.activating, at: now, into: &actions)
        actions.append(tableFirst ? .prepareAndActivate : .activate)
    }

    /// Asks pulse to deactivate, from a state holding the VIPs, and enters `next`.
    mutating func deactivate(
        _ reason: String, severity: FailoverLogSeverity = .notice, to next: FailoverState, announceFirst: Bool = false,
        at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        log(severity, "\(reason): deactivating", into: &actions)
        requestDeadline = nil
        gratuitousARPRoundsLeft = 0
        nextGratuitousARPAt = nil
        if announceFirst {
            enter(next, at: now, into: &actions)
            actions.append(.deactivate)
        } else {
            actions.append(.deactivate)
            enter(next, at: now, into: &actions)
        }
    }

    private mutating func activationFinished(at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        guard pendingActivations > 0 else { return }
        pendingActivations -= 1
        // An earlier activation that was cancelled meanwhile: pulse still reports it; not ours.
        guard pendingActivations == 0, state == .activating else { return }
        log(.notice, "activation finished: active", into: &actions)
        enter(.active, at: now, into: &actions)
        scheduleGratuitousARPs(at: now)
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

    private mutating func lvsdExited(_ status: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]) {
        guard state.holdsVIPs else {
            log(.info, "lvsd \(status) while \(state); ignored", into: &actions)
            return
        }
        raise(.lvsdFailed, detail: "lvsd \(status)", at: now, into: &actions)
    }

    mutating func raise(
        _ fault: FailoverFault, detail: String, at now: ContinuousClock.Instant, into actions: inout [FailoverAction]
    ) {
        let isNew = faults[fault] == nil
        faults[fault] = detail
        if state.holdsVIPs {
            // Announce first: the peer starts taking over while this node lets go.
            deactivate(detail, severity: .error, to: .faulted, announceFirst: true, at: now, into: &actions)
        } else if state != .faulted {
            log(.warning, "\(detail): will not activate until it clears", into: &actions)
            requestDeadline = nil
            enter(.faulted, at: now, into: &actions)
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
        return (lastHeard.values.max() ?? startedAt) + configuration.deadtime
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
                    !silentPaths.contains(other) && lastHeard[other].map { now - $0 < configuration.keepalive * 2 } == true
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
                log(.warning, "no heartbeat from the partner within \(configuration.deadtime) of starting", into: &actions)
            } else {
                log(.warning, "no heartbeat from the partner on any path for \(configuration.deadtime): partner dead", into: &actions)
            }
        }
    }

    /// When `path` counts as silent: `deadtime` after its last heartbeat, after the start, or after
    /// the partner came back, whichever is latest.
    func silenceDeadline(of path: HeartbeatPath, startedAt: ContinuousClock.Instant) -> ContinuousClock.Instant {
        max(lastHeard[path] ?? startedAt, revivedAt ?? startedAt) + configuration.deadtime
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
        state = next
        let wire = Self.announcement(of: next)
        guard configuration.hasPeer, wire != announced else { return }
        announced = wire
        actions.append(.sendHeartbeat(wire))
        nextHeartbeatAt = state == .stopped ? nil : now + configuration.keepalive
    }

    /// What a node in `state` tells its peer.
    static func announcement(of state: FailoverState) -> HeartbeatState {
        switch state {
        case .idle, .listening, .inactive, .activating: .inactive
        case .active: .active
        case .handingOver: .handingOver
        case .requestingTakeover: .requestingTakeover
        case .faulted: .faulted
        case .stopped: .stopping
        }
    }

    mutating func log(_ severity: FailoverLogSeverity, _ message: String, into actions: inout [FailoverAction]) {
        actions.append(.log(FailoverLogEntry(severity, message)))
    }
}
