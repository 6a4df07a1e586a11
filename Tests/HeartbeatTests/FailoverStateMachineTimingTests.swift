import Heartbeat
import Testing

/// Timers, logs, status and configuration checks of the state machine, driven by hand.
@Suite struct FailoverStateMachineTimingTests {
    let t0 = ContinuousClock.now

    func machine(
        role: FailoverRole = .primary, paths: [HeartbeatPath] = [.public, .private], serial: UInt32? = nil
    ) -> FailoverStateMachine {
        FailoverStateMachine(
            configuration: try! FailoverConfiguration(
                role: role, keepalive: .seconds(1), deadtime: .seconds(3), paths: paths, configSerial: serial))
    }

    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    func hb(_ state: HeartbeatState?, _ path: HeartbeatPath = .public, boot: UInt64? = nil, serial: UInt32? = nil)
        -> FailoverEvent
    {
        .heartbeatReceived(ReceivedHeartbeat(path: path, state: state, bootID: boot, configSerial: serial))
    }

    func wakeUp(_ actions: [FailoverAction]) -> ContinuousClock.Instant? {
        if case .wakeUp(let at) = actions.last { return at }
        return nil
    }

    func sends(_ actions: [FailoverAction]) -> [HeartbeatState] {
        actions.compactMap { if case .sendHeartbeat(let s, _) = $0 { s } else { nil } }
    }

    func logs(_ actions: [FailoverAction]) -> [String] {
        actions.compactMap { if case .log(let e) = $0 { e.message } else { nil } }
    }

    @Test func sendsAHeartbeatEveryKeepaliveAndNeverABurst() {
        var m = machine()
        let first = m.handle(.start, at: at(0))
        #expect(sends(first) == [.inactive])
        #expect(wakeUp(first) == at(1000))
        var times: [Int] = []
        var now = 0
        while now < 2900 {
            let actions = m.handle(.tick, at: at(now))
            if !sends(actions).isEmpty { times.append(now) }
            now = Int((wakeUp(actions)! - t0) / .milliseconds(1))
        }
        #expect(times == [1000, 2000])
        // A 10-second stall (the process was stopped): one heartbeat, then the rhythm again.
        let late = m.handle(.tick, at: at(12_500))
        #expect(sends(late).count == 1)
        #expect(m.nextWakeUp == at(13_500))
    }

    @Test func wakeUpIsTheEarliestDeadline() {
        var m = machine()
        _ = m.handle(.start, at: at(0))
        #expect(m.nextWakeUp == at(1000))  // heartbeat before the 3 s window
        _ = m.handle(hb(.active), at: at(500))
        // Heard at 0.5 s on the public path: the private path's silence is due at 3 s.
        var actions = m.handle(.tick, at: at(1000))
        #expect(wakeUp(actions) == at(2000))
        actions = m.handle(.tick, at: at(2000))
        #expect(wakeUp(actions) == at(3000))
        actions = m.handle(.tick, at: at(3000))
        // The public path has been quiet for 2.5 s too: no "private path cut" yet, the partner
        // may be dead (FailoverStateMachineSilenceTests).
        #expect(!logs(actions).contains { $0.hasPrefix("no heartbeat on the private path") })
        #expect(wakeUp(actions) == at(3500))  // the peer's deadline now
        actions = m.handle(hb(.active), at: at(3200))
        #expect(logs(actions).contains { $0.hasPrefix("no heartbeat on the private path") })
    }

    @Test func onePathConfigurationLogsNoPathWarnings() {
        var m = machine(paths: [.public])
        _ = m.handle(.start, at: at(0))
        _ = m.handle(hb(.active), at: at(100))
        var all: [String] = []
        for ms in stride(from: 1000, through: 3100, by: 100) { all += logs(m.handle(.tick, at: at(ms))) }
        #expect(all.contains("no heartbeat from the partner on any path for 3.0 seconds: partner dead"))
        #expect(!all.contains { $0.contains("path still carries") })
        #expect(m.state == .activating)
    }

    @Test func dropsAreCountedAndTheirLogsRateLimited() {
        var m = machine()
        _ = m.handle(.start, at: at(0))
        let rejection = HeartbeatRejection(.forged, "HMAC-SHA256 does not match", source: "10.0.0.9")
        var logged: [String] = []
        for i in 0..<25 { logged += logs(m.handle(.heartbeatDropped(rejection), at: at(i * 1000))) }
        #expect(
            logged == [
                "dropping heartbeat from 10.0.0.9: forged: HMAC-SHA256 does not match",
                "dropping heartbeat from 10.0.0.9: forged: HMAC-SHA256 does not match (and 9 more forged since the last report)",
                "dropping heartbeat from 10.0.0.9: forged: HMAC-SHA256 does not match (and 9 more forged since the last report)",
            ])
        _ = m.handle(.heartbeatDropped(HeartbeatRejection(.truncated, "3 bytes")), at: at(25_000))
        #expect(m.status(at: at(25_000)).droppedHeartbeats == [.forged: 25, .truncated: 1])
    }

    @Test func statusReportsRolePeerAndPaths() {
        var m = machine(role: .backup, serial: 7)
        _ = m.handle(.start, at: at(0))
        var s = m.status(at: at(10))
        #expect(s.role == .backup && s.state == .listening && s.peerState == nil && !s.peerAlive)
        #expect(s.sinceLastHeartbeat.isEmpty)
        _ = m.handle(hb(.active, .private, boot: 77, serial: 7), at: at(100))
        s = m.status(at: at(600))
        #expect(s.state == .inactive && s.peerState == .active && s.peerAlive)
        #expect(s.sinceLastHeartbeat == [.private: .milliseconds(500)])
        #expect(s.peerBootID == 77 && s.peerConfigSerial == 7 && s.configSerial == 7)
        #expect(s.paths == [.public, .private])
        _ = m.handle(.linkDown("eth0"), at: at(700))
        #expect(m.status(at: at(700)).faults == ["link eth0 down"])
        #expect(!m.status(at: at(3100)).peerAlive)
    }

    @Test func differentConfigSerialAndRestartsAreLogged() {
        var m = machine(serial: 7)
        _ = m.handle(.start, at: at(0))
        let first = logs(m.handle(hb(.active, boot: 1, serial: 8), at: at(100)))
        #expect(
            first.contains(
                "partner runs a different configuration (serial 8, this node 7); lvs.cf must be identical on both directors"
            ))
        // Logged once per change, not per heartbeat.
        #expect(
            !logs(m.handle(hb(.active, boot: 1, serial: 8), at: at(1100))).contains { $0.contains("configuration") })
        #expect(logs(m.handle(hb(.inactive, boot: 2, serial: 7), at: at(2100))).contains("partner restarted"))
    }

    @Test func primaryWithoutPeerActivatesAtOnceAndSendsNothing() throws {
        var m = FailoverStateMachine(configuration: try FailoverConfiguration(role: .primary, paths: []))
        let actions = m.handle(.start, at: at(0))
        #expect(sends(actions).isEmpty)
        #expect(actions.contains(.activate))
        #expect(logs(actions).contains("no backup configured: activating"))
        _ = m.handle(.activationFinished, at: at(10))
        #expect(m.state == .active)
        #expect(
            m.handle(.failoverRequested, at: at(20)).contains(.answer(.failover, .refused("no backup is configured"))))
    }

    @Test func aCancelledActivationsLateReportIsNotMistakenForTheNextOne() {
        var m = machine(role: .backup)
        _ = m.handle(.start, at: at(0))
        _ = m.handle(hb(.faulted), at: at(10))  // primary faulted: the backup activates
        #expect(m.state == .activating)
        _ = m.handle(hb(.active), at: at(20))  // ... but the primary is active after all: yield
        #expect(m.state == .inactive)
        _ = m.handle(hb(.stopping), at: at(30))  // primary stopping: activate again
        #expect(m.state == .activating)
        _ = m.handle(.activationFinished, at: at(40))  // the first, cancelled activation finishing
        #expect(m.state == .activating)
        _ = m.handle(.activationFinished, at: at(50))
        #expect(m.state == .active)
    }

    @Test func takeoverAcknowledgesAFailedActivationButNotADeadLink() {
        var m = machine()
        _ = m.handle(.start, at: at(0))
        _ = m.handle(hb(.inactive), at: at(10))
        _ = m.handle(.activationFailed("RTNETLINK: no such device"), at: at(30))
        #expect(m.state == .faulted)
        _ = m.handle(hb(.inactive), at: at(40))  // the backup has not taken over (yet)
        let actions = m.handle(.takeoverRequested, at: at(50))
        #expect(actions.contains(.answer(.takeover, .accepted("activating"))))
        #expect(
            logs(actions).contains(
                "takeover requested: the admin acknowledges activation failed: RTNETLINK: no such device"))
        #expect(m.state == .activating)

        var n = machine()
        _ = n.handle(.start, at: at(0))
        _ = n.handle(.linkDown("eth1"), at: at(10))
        #expect(
            n.handle(.takeoverRequested, at: at(20)).contains(
                .answer(.takeover, .refused("this node is faulted: link eth1 down"))))
    }

    @Test func failoverRefusalsSayWhy() {
        var m = machine()
        _ = m.handle(.start, at: at(0))
        _ = m.handle(hb(.inactive), at: at(10))
        _ = m.handle(.activationFinished, at: at(20))
        _ = m.handle(hb(.faulted), at: at(30))
        #expect(
            m.handle(.failoverRequested, at: at(40)).contains(
                .answer(.failover, .refused("the partner is faulted and cannot take over"))))
        #expect(
            m.handle(.failoverRequested, at: at(4000)).contains(
                .answer(.failover, .refused("the partner is not answering heartbeats; nobody to hand over to"))))
        var idle = machine()
        #expect(
            idle.handle(.failoverRequested, at: at(0)) == [.answer(.failover, .refused("pulse has not started yet"))])
    }

    @Test func garpCountZeroAsksForNoAnnouncementsAtAll() throws {
        var m = FailoverStateMachine(
            configuration: try FailoverConfiguration(
                role: .primary, keepalive: .seconds(1), deadtime: .seconds(3), gratuitousARPCount: 0))
        _ = m.handle(.start, at: at(0))
        _ = m.handle(hb(.inactive), at: at(10))
        var all = m.handle(.activationFinished, at: at(20))
        all += m.handle(hb(.active), at: at(30))  // dual active: a primary would normally re-announce
        for ms in stride(from: 100, through: 10_000, by: 100) { all += m.handle(.tick, at: at(ms)) }
        #expect(!all.contains(.sendGratuitousARPs))
        #expect(m.state == .active)
    }

    @Test func configurationIsChecked() {
        #expect(throws: FailoverConfigurationError.self) {
            try FailoverConfiguration(role: .primary, keepalive: .seconds(2), deadtime: .seconds(2))
        }
        #expect(throws: FailoverConfigurationError.self) { try FailoverConfiguration(role: .primary, keepalive: .zero) }
        #expect(throws: FailoverConfigurationError.self) { try FailoverConfiguration(role: .backup, paths: []) }
        #expect(throws: FailoverConfigurationError.self) {
            try FailoverConfiguration(role: .primary, gratuitousARPCount: -1)
        }
        #expect(throws: FailoverConfigurationError.self) {
            try FailoverConfiguration(role: .primary, gratuitousARPCount: 2, gratuitousARPInterval: .zero)
        }
        #expect(throws: FailoverConfigurationError.self) {
            try FailoverConfiguration(role: .primary, paths: [.public, .public])
        }
        #expect {
            try FailoverConfiguration(role: .primary, keepalive: .seconds(6), deadtime: .seconds(5))
        } throws: { error in
            "\(error)" == "failover configuration: deadtime (5.0 seconds) must be longer than keepalive (6.0 seconds); "
                + "otherwise the peer is declared dead between two heartbeats"
        }
        let fine = try? FailoverConfiguration(
            role: .primary, keepalive: .milliseconds(100), deadtime: .milliseconds(350))
        // The peer's lvsd gets up to preparationLimit (10 s by default) for its first checks.
        #expect(fine?.handoverTimeout == .milliseconds(10_350))
        #expect(
            (try? FailoverConfiguration(role: .primary, keepalive: .seconds(2), deadtime: .seconds(3)))?.handoverTimeout
                == .seconds(16))
        let quick = try? FailoverConfiguration(
            role: .primary, keepalive: .seconds(1), deadtime: .seconds(3), preparationLimit: .seconds(2))
        #expect(quick?.handoverTimeout == .seconds(5))
        #expect(throws: FailoverConfigurationError.self) {
            try FailoverConfiguration(role: .primary, preparationLimit: .seconds(-1))
        }
    }
}
