import Heartbeat
import Testing

/// Every event in every state: the machine is driven into each state with a short script, given one
/// event, and the resulting state and actions (logs and wake-ups aside) are compared with the table.
@Suite struct FailoverStateMachineTests {
    /// The actions that matter for the table (logs and wake-ups are checked elsewhere).
    enum Act: Hashable, CustomStringConvertible {
        case send(HeartbeatState), activate, deactivate, startLVSD, stopLVSD, arps, accepted(FailoverRequest), refused(
            FailoverRequest), exit

        init?(_ action: FailoverAction) {
            switch action {
            case .sendHeartbeat(let s, _): self = .send(s)
            case .activate: self = .activate
            case .deactivate: self = .deactivate
            case .startLVSD: self = .startLVSD
            case .stopLVSD: self = .stopLVSD
            case .sendGratuitousARPs: self = .arps
            case .answer(let r, .accepted): self = .accepted(r)
            case .answer(let r, .refused): self = .refused(r)
            case .exit: self = .exit
            case .log, .wakeUp: return nil
            }
        }

        var description: String {
            switch self {
            case .send(let s): "send(\(s))"
            case .activate: "activate"
            case .deactivate: "deactivate"
            case .startLVSD: "startLVSD"
            case .stopLVSD: "stopLVSD"
            case .arps: "arps"
            case .accepted(let r): "accepted(\(r))"
            case .refused(let r): "refused(\(r))"
            case .exit: "exit"
            }
        }
    }

    /// The events of the table; heartbeats for each state the peer can announce.
    enum Input: Hashable, CaseIterable, CustomStringConvertible {
        case start, tick
        case peerInactive, peerActive, peerStopping, peerHandingOver, peerFaulted, peerRequestingTakeover, peerAliveOnly
        case dropped, activationFinished, activationFailed, tableChecking, tableReady, lvsdFailed, linkDown, linkUp,
            failover
        case takeover, stop

        var event: FailoverEvent {
            func hb(_ s: HeartbeatState?) -> FailoverEvent {
                .heartbeatReceived(ReceivedHeartbeat(path: .public, state: s))
            }
            switch self {
            case .start: return .start
            case .tick: return .tick
            case .peerInactive: return hb(.inactive)
            case .peerActive: return hb(.active)
            case .peerStopping: return hb(.stopping)
            case .peerHandingOver: return hb(.handingOver)
            case .peerFaulted: return hb(.faulted)
            case .peerRequestingTakeover: return hb(.requestingTakeover)
            case .peerAliveOnly: return hb(nil)
            case .dropped: return .heartbeatDropped(HeartbeatRejection(.forged, "bad MAC", source: "10.0.0.66"))
            case .activationFinished: return .activationFinished
            case .activationFailed: return .activationFailed("RTNETLINK: no such device")
            case .tableChecking: return .tableChanged(.checking(awaiting: 2))
            case .tableReady: return .tableChanged(.ready)
            case .lvsdFailed: return .lvsdFailed("exited with status 1 5 times within 300 s")
            case .linkDown: return .linkDown("eth1")
            case .linkUp: return .linkUp("eth1")
            case .failover: return .failoverRequested
            case .takeover: return .takeoverRequested
            case .stop: return .stop("signal 15")
            }
        }

        var description: String { "\(self.event)" }
    }

    static func configuration(_ role: FailoverRole) -> FailoverConfiguration {
        try! FailoverConfiguration(
            role: role, keepalive: .seconds(1), deadtime: .seconds(3), paths: [.public, .private])
    }

    /// A machine driven into `state` (as the primary unless `role` says otherwise), and the time.
    /// Its table is ready (warm standby, every real server checked), except while preparing.
    static func machine(in state: FailoverState, role: FailoverRole = .primary) -> (
        FailoverStateMachine, ContinuousClock.Instant
    ) {
        let t0 = ContinuousClock.now
        var m = FailoverStateMachine(configuration: configuration(role))
        let at = t0 + .milliseconds(100)
        func feed(_ events: FailoverEvent...) { for e in events { _ = m.handle(e, at: at) } }
        func hb(_ s: HeartbeatState) -> FailoverEvent { .heartbeatReceived(ReceivedHeartbeat(path: .public, state: s)) }
        let ready = FailoverEvent.tableChanged(.ready)
        switch state {
        case .idle: break
        case .listening: feed(.start, ready)
        case .inactive: feed(.start, ready, hb(.active))
        case .preparing: feed(.start, .tableChanged(.checking(awaiting: 2)), hb(.handingOver))
        case .activating: feed(.start, ready, role == .primary ? hb(.inactive) : hb(.faulted))
        case .active:
            feed(.start, ready, role == .primary ? hb(.inactive) : hb(.faulted), .activationFinished, hb(.inactive))
        case .handingOver: feed(.start, ready, hb(.inactive), .activationFinished, .failoverRequested)
        case .requestingTakeover: feed(.start, ready, hb(.active), .takeoverRequested)
        case .faulted: feed(.start, ready, .linkDown("eth1"))
        case .stopped: feed(.start, ready, .stop("test"))
        case .releasing, .handedOver:
            preconditionFailure("\(state) exists with failover services only (FailoverStateMachineReleaseTests)")
        }
        precondition(m.state == state, "fixture for \(state) ended in \(m.state)")
        return (m, t0 + .milliseconds(200))
    }

    typealias Row = (FailoverState, Input, FailoverState, [Act])

    /// The table, for the primary. Peer state in each fixture: listening/faulted none yet;
    /// inactive and requesting-takeover: peer active; preparing: peer handing over; activating,
    /// active, handing-over: peer inactive.
    static let primaryTable: [Row] =
        [
            (.idle, .start, .listening, [.startLVSD, .send(.inactive)]),
            (.idle, .tick, .idle, []),
            (.idle, .peerInactive, .idle, []),
            (.idle, .peerActive, .idle, []),
            (.idle, .peerStopping, .idle, []),
            (.idle, .peerHandingOver, .idle, []),
            (.idle, .peerFaulted, .idle, []),
            (.idle, .peerRequestingTakeover, .idle, []),
            (.idle, .peerAliveOnly, .idle, []),
            (.idle, .dropped, .idle, []),
            (.idle, .activationFinished, .idle, []),
            (.idle, .activationFailed, .idle, []),
            (.idle, .tableChecking, .idle, []),
            (.idle, .tableReady, .idle, []),
            (.idle, .lvsdFailed, .idle, []),
            (.idle, .linkDown, .idle, []),
            (.idle, .linkUp, .idle, []),
            (.idle, .failover, .idle, [.refused(.failover)]),
            (.idle, .takeover, .idle, [.refused(.takeover)]),
            (.idle, .stop, .stopped, [.exit]),

            (.listening, .start, .listening, []),
            (.listening, .tick, .listening, []),
            (.listening, .peerInactive, .activating, [.activate]),
            (.listening, .peerActive, .inactive, []),
            (.listening, .peerStopping, .activating, [.activate]),
            (.listening, .peerHandingOver, .activating, [.activate]),
            (.listening, .peerFaulted, .activating, [.activate]),
            (.listening, .peerRequestingTakeover, .inactive, []),
            (.listening, .peerAliveOnly, .listening, []),
            (.listening, .dropped, .listening, []),
            (.listening, .activationFinished, .listening, []),
            (.listening, .activationFailed, .listening, []),
            (.listening, .tableChecking, .listening, [.send(.inactive)]),
            (.listening, .tableReady, .listening, []),
            (.listening, .lvsdFailed, .listening, []),
            (.listening, .linkDown, .faulted, [.send(.faulted)]),
            (.listening, .linkUp, .listening, []),
            (.listening, .failover, .listening, [.refused(.failover)]),
            (.listening, .takeover, .listening, [.refused(.takeover)]),
            (.listening, .stop, .stopped, [.send(.stopping), .exit]),

            (.inactive, .start, .inactive, []),
            (.inactive, .tick, .inactive, []),
            (.inactive, .peerInactive, .activating, [.activate]),
            (.inactive, .peerActive, .inactive, []),
            (.inactive, .peerStopping, .activating, [.activate]),
            (.inactive, .peerHandingOver, .activating, [.activate]),
            (.inactive, .peerFaulted, .activating, [.activate]),
            (.inactive, .peerRequestingTakeover, .inactive, []),
            (.inactive, .peerAliveOnly, .inactive, []),
            (.inactive, .dropped, .inactive, []),
            (.inactive, .activationFinished, .inactive, []),
            (.inactive, .activationFailed, .inactive, []),
            (.inactive, .tableChecking, .inactive, [.send(.inactive)]),
            (.inactive, .tableReady, .inactive, []),
            (.inactive, .lvsdFailed, .inactive, []),
            (.inactive, .linkDown, .faulted, [.send(.faulted)]),
            (.inactive, .linkUp, .inactive, []),
            (.inactive, .failover, .inactive, [.refused(.failover)]),
            (.inactive, .takeover, .requestingTakeover, [.send(.requestingTakeover), .accepted(.takeover)]),
            (.inactive, .stop, .stopped, [.send(.stopping), .exit]),

            (.preparing, .start, .preparing, []),
            (.preparing, .tick, .preparing, []),
            (.preparing, .peerInactive, .activating, [.activate]),
            (.preparing, .peerActive, .inactive, []),
            (.preparing, .peerStopping, .activating, [.activate]),
            (.preparing, .peerHandingOver, .preparing, []),
            (.preparing, .peerFaulted, .activating, [.activate]),
            (.preparing, .peerRequestingTakeover, .activating, [.activate]),
            (.preparing, .peerAliveOnly, .preparing, []),
            (.preparing, .dropped, .preparing, []),
            (.preparing, .activationFinished, .preparing, []),
            (.preparing, .activationFailed, .preparing, []),
            (.preparing, .tableChecking, .preparing, []),
            (.preparing, .tableReady, .activating, [.send(.inactive), .activate]),
            (.preparing, .lvsdFailed, .inactive, []),
            (.preparing, .linkDown, .faulted, [.send(.faulted)]),
            (.preparing, .linkUp, .preparing, []),
            (.preparing, .failover, .preparing, [.refused(.failover)]),
            (.preparing, .takeover, .preparing, [.refused(.takeover)]),
            (.preparing, .stop, .stopped, [.send(.stopping), .exit]),

            (.activating, .start, .activating, []),
            (.activating, .tick, .activating, []),
            (.activating, .peerInactive, .activating, []),
            (.activating, .peerActive, .activating, []),
            (.activating, .peerStopping, .activating, []),
            (.activating, .peerHandingOver, .activating, []),
            (.activating, .peerFaulted, .activating, []),
            (.activating, .peerRequestingTakeover, .activating, []),
            (.activating, .peerAliveOnly, .activating, []),
            (.activating, .dropped, .activating, []),
            (.activating, .activationFinished, .active, [.send(.active)]),
            (.activating, .activationFailed, .faulted, [.send(.faulted), .deactivate]),
            (.activating, .tableChecking, .activating, [.send(.inactive)]),
            (.activating, .tableReady, .activating, []),
            (.activating, .lvsdFailed, .activating, []),
            (.activating, .linkDown, .faulted, [.send(.faulted), .deactivate]),
            (.activating, .linkUp, .activating, []),
            (.activating, .failover, .activating, [.refused(.failover)]),
            (.activating, .takeover, .activating, [.refused(.takeover)]),
            (.activating, .stop, .stopped, [.send(.stopping), .deactivate, .exit]),

            (.active, .start, .active, []),
            (.active, .tick, .active, []),
            (.active, .peerInactive, .active, []),
            (.active, .peerActive, .active, [.arps]),
            (.active, .peerStopping, .active, []),
            (.active, .peerHandingOver, .active, []),
            (.active, .peerFaulted, .active, []),
            (.active, .peerRequestingTakeover, .handingOver, [.send(.handingOver)]),
            (.active, .peerAliveOnly, .active, []),
            (.active, .dropped, .active, []),
            (.active, .activationFinished, .active, []),
            (.active, .activationFailed, .active, []),
            (.active, .tableChecking, .active, [.send(.active)]),
            (.active, .tableReady, .active, []),
            (.active, .lvsdFailed, .handingOver, [.send(.handingOver)]),
            (.active, .linkDown, .faulted, [.send(.faulted), .deactivate]),
            (.active, .linkUp, .active, []),
            (.active, .failover, .handingOver, [.send(.handingOver), .accepted(.failover)]),
            (.active, .takeover, .active, [.refused(.takeover)]),
            (.active, .stop, .stopped, [.send(.stopping), .deactivate, .exit]),

            (.handingOver, .start, .handingOver, []),
            (.handingOver, .tick, .handingOver, []),
            (.handingOver, .peerInactive, .handingOver, []),
            (.handingOver, .peerActive, .inactive, [.deactivate, .send(.inactive)]),
            (.handingOver, .peerStopping, .active, [.send(.active)]),
            (.handingOver, .peerHandingOver, .handingOver, []),
            (.handingOver, .peerFaulted, .active, [.send(.active)]),
            (.handingOver, .peerRequestingTakeover, .handingOver, []),
            (.handingOver, .peerAliveOnly, .handingOver, []),
            (.handingOver, .dropped, .handingOver, []),
            (.handingOver, .activationFinished, .handingOver, []),
            (.handingOver, .activationFailed, .handingOver, []),
            (.handingOver, .tableChecking, .handingOver, [.send(.handingOver)]),
            (.handingOver, .tableReady, .handingOver, []),
            (.handingOver, .lvsdFailed, .handingOver, []),
            (.handingOver, .linkDown, .faulted, [.send(.faulted), .deactivate]),
            (.handingOver, .linkUp, .handingOver, []),
            (.handingOver, .failover, .handingOver, [.refused(.failover)]),
            (.handingOver, .takeover, .handingOver, [.refused(.takeover)]),
            (.handingOver, .stop, .stopped, [.send(.stopping), .deactivate, .exit]),

            (.requestingTakeover, .start, .requestingTakeover, []),
            (.requestingTakeover, .tick, .requestingTakeover, []),
            (.requestingTakeover, .peerInactive, .activating, [.send(.inactive), .activate]),
            (.requestingTakeover, .peerActive, .requestingTakeover, []),
            (.requestingTakeover, .peerStopping, .activating, [.send(.inactive), .activate]),
            (.requestingTakeover, .peerHandingOver, .activating, [.send(.inactive), .activate]),
            (.requestingTakeover, .peerFaulted, .activating, [.send(.inactive), .activate]),
            (.requestingTakeover, .peerRequestingTakeover, .activating, [.send(.inactive), .activate]),
            (.requestingTakeover, .peerAliveOnly, .requestingTakeover, []),
            (.requestingTakeover, .dropped, .requestingTakeover, []),
            (.requestingTakeover, .activationFinished, .requestingTakeover, []),
            (.requestingTakeover, .activationFailed, .requestingTakeover, []),
            (.requestingTakeover, .tableChecking, .requestingTakeover, [.send(.requestingTakeover)]),
            (.requestingTakeover, .tableReady, .requestingTakeover, []),
            (.requestingTakeover, .lvsdFailed, .requestingTakeover, []),
            (.requestingTakeover, .linkDown, .faulted, [.send(.faulted)]),
            (.requestingTakeover, .linkUp, .requestingTakeover, []),
            (.requestingTakeover, .failover, .requestingTakeover, [.refused(.failover)]),
            (.requestingTakeover, .takeover, .requestingTakeover, [.refused(.takeover)]),
            (.requestingTakeover, .stop, .stopped, [.send(.stopping), .exit]),

            (.faulted, .start, .faulted, []),
            (.faulted, .tick, .faulted, []),
            (.faulted, .peerInactive, .faulted, []),
            (.faulted, .peerActive, .faulted, []),
            (.faulted, .peerStopping, .faulted, []),
            (.faulted, .peerHandingOver, .faulted, []),
            (.faulted, .peerFaulted, .faulted, []),
            (.faulted, .peerRequestingTakeover, .faulted, []),
            (.faulted, .peerAliveOnly, .faulted, []),
            (.faulted, .dropped, .faulted, []),
            (.faulted, .activationFinished, .faulted, []),
            (.faulted, .activationFailed, .faulted, []),
            (.faulted, .tableChecking, .faulted, [.send(.faulted)]),
            (.faulted, .tableReady, .faulted, []),
            (.faulted, .lvsdFailed, .faulted, []),
            (.faulted, .linkDown, .faulted, []),
            (.faulted, .linkUp, .inactive, [.send(.inactive)]),
            (.faulted, .failover, .faulted, [.refused(.failover)]),
            (.faulted, .takeover, .faulted, [.refused(.takeover)]),
            (.faulted, .stop, .stopped, [.send(.stopping), .exit]),
        ] + Input.allCases.map { (.stopped, $0, .stopped, []) }

    /// Where the backup differs from the primary.
    static let backupTable: [Row] = [
        (.listening, .peerInactive, .inactive, []),
        (.inactive, .peerInactive, .inactive, []),
        (.activating, .peerActive, .inactive, [.deactivate]),
        (.active, .peerActive, .inactive, [.deactivate, .send(.inactive)]),
        (.active, .peerInactive, .active, []),
    ]

    /// The states of a pulse running virtual services; releasing and handed-over belong to
    /// failover services (FailoverStateMachineReleaseTests).
    static let virtualServiceStates = FailoverState.allCases.filter { $0 != .releasing && $0 != .handedOver }

    @Test func tableCoversEveryEventInEveryState() {
        var seen = Set<String>()
        for (state, input, _, _) in Self.primaryTable { seen.insert("\(state) \(input)") }
        for state in Self.virtualServiceStates {
            for input in Input.allCases {
                #expect(seen.contains("\(state) \(input)"), "no row for \(input) in \(state)")
            }
        }
        #expect(Self.primaryTable.count == Self.virtualServiceStates.count * Input.allCases.count)
    }

    @Test(arguments: FailoverStateMachineTests.primaryTable.indices)
    func primaryRow(_ index: Int) {
        check(Self.primaryTable[index], role: .primary)
    }

    @Test(arguments: FailoverStateMachineTests.backupTable.indices)
    func backupRow(_ index: Int) {
        check(Self.backupTable[index], role: .backup)
    }

    private func check(_ row: Row, role: FailoverRole) {
        let (state, input, expectedState, expectedActs) = row
        var (m, now) = Self.machine(in: state, role: role)
        let actions = m.handle(input.event, at: now)
        #expect(m.state == expectedState, "\(role) in \(state), \(input)")
        #expect(actions.compactMap(Act.init) == expectedActs, "\(role) in \(state), \(input)")
        // The wake-up, when present, is always the last action and never in the past.
        for (i, action) in actions.enumerated() {
            if case .wakeUp(let at) = action {
                #expect(i == actions.count - 1)
                #expect(at >= now - .seconds(3))
            }
        }
        if m.state != .stopped && m.state != .idle {
            #expect(actions.last.map { if case .wakeUp = $0 { true } else { false } } == true, "wake-up missing")
        }
    }
}
