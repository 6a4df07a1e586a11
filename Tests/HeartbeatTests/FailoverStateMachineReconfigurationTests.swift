import Heartbeat
import Testing

/// A reload while running: new timing and ARP settings take effect at once; identity settings
/// are refused.
@Suite struct FailoverStateMachineReconfigurationTests {
    let t0 = ContinuousClock.now

    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    func configuration(
        role: FailoverRole = .primary, keepalive: Int = 1000, deadtime: Int = 3000, paths: [HeartbeatPath] = [.public],
        protocol wire: HeartbeatProtocol = .lvsrouter, arps: Int = 5, forceActive: Bool = false
    ) -> FailoverConfiguration {
        try! FailoverConfiguration(
            role: role, keepalive: .milliseconds(Int64(keepalive)), deadtime: .milliseconds(Int64(deadtime)),
            paths: paths, heartbeatProtocol: wire, forceActive: forceActive, gratuitousARPCount: arps)
    }

    func sends(_ actions: [FailoverAction]) -> [HeartbeatState] {
        actions.compactMap { if case .sendHeartbeat(let s, _) = $0 { s } else { nil } }
    }

    @Test func shorterKeepaliveBringsTheNextHeartbeatForward() throws {
        var m = FailoverStateMachine(configuration: configuration())
        _ = m.handle(.start, at: at(0))
        #expect(m.nextWakeUp == at(1000))
        let actions = try m.reconfigure(configuration(keepalive: 100, deadtime: 400), at: at(200))
        #expect(actions == [.wakeUp(at: at(300))])
        #expect(m.configuration.keepalive == .milliseconds(100))
        #expect(sends(m.handle(.tick, at: at(300))) == [.inactive])
        #expect(m.nextWakeUp == at(400))
    }

    @Test func shorterDeadtimeDeclaresASilentPeerDeadSooner() throws {
        var m = FailoverStateMachine(configuration: configuration(role: .backup))
        _ = m.handle(.start, at: at(0))
        _ = m.handle(.heartbeatReceived(ReceivedHeartbeat(path: .public, state: .active)), at: at(100))
        #expect(m.state == .inactive)
        _ = try m.reconfigure(configuration(role: .backup, keepalive: 100, deadtime: 500), at: at(300))
        _ = m.handle(.tick, at: at(599))
        #expect(m.state == .inactive)
        let actions = m.handle(.tick, at: at(600))
        #expect(actions.contains(.activate))
        #expect(m.state == .activating)
    }

    @Test func fewerGratuitousARPRoundsCutTheOnesStillOwed() throws {
        var m = FailoverStateMachine(configuration: configuration(paths: [], arps: 5))
        _ = m.handle(.start, at: at(0))
        _ = m.handle(.activationFinished, at: at(1))
        _ = try m.reconfigure(configuration(paths: [], arps: 2), at: at(10))
        var rounds = 0
        var now = 10
        for _ in 0..<20 {
            guard let wake = m.nextWakeUp else { break }
            now = max(now, Int((wake - t0) / .milliseconds(1)))
            rounds += m.handle(.tick, at: at(now)).filter { $0 == .sendGratuitousARPs }.count
            if now > 20_000 { break }
        }
        #expect(rounds == 1)
    }

    @Test func roleTheirPathsAndTheProtocolCannotChange() {
        var m = FailoverStateMachine(configuration: configuration(paths: [.public, .private]))
        _ = m.handle(.start, at: at(0))
        #expect(throws: FailoverConfigurationError.self) {
            try m.reconfigure(configuration(role: .backup, paths: [.public, .private]), at: at(1))
        }
        #expect(throws: FailoverConfigurationError.self) {
            try m.reconfigure(configuration(paths: [.public]), at: at(1))
        }
        #expect(throws: FailoverConfigurationError.self) {
            try m.reconfigure(configuration(paths: [.public, .private], protocol: .piranha), at: at(1))
        }
        #expect(m.configuration.keepalive == .seconds(1))
    }

    @Test func forceActiveKeepsItsStartValue() throws {
        var m = FailoverStateMachine(configuration: configuration(forceActive: true))
        _ = m.handle(.start, at: at(0))
        _ = try m.reconfigure(configuration(keepalive: 500, deadtime: 2000), at: at(1))
        #expect(m.configuration.forceActive)
        #expect(m.configuration.keepalive == .milliseconds(500))
    }
}
