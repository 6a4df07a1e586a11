import Heartbeat
import Testing

/// What the log says when heartbeats stop on some paths: a cut path is reported, a dead partner is
/// reported once (not as a cut path first), and a partner coming back is not mistaken for a cut path.
@Suite struct FailoverStateMachineSilenceTests {
    let t0 = ContinuousClock.now

    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    func logs(_ actions: [FailoverAction]) -> [String] {
        actions.compactMap { if case .log(let e) = $0 { e.message } else { nil } }
    }

    /// A backup beside an active primary heard on both paths every 100 ms until `until` ms (the
    /// private heartbeat 1 ms after the public one); returns the logs from `from` ms on.
    func run(
        _ m: inout FailoverStateMachine, heard: (Int, HeartbeatPath) -> Bool, until end: Int, logsFrom from: Int,
        state: (Int) -> HeartbeatState = { _ in .active }
    ) -> [String] {
        var collected: [String] = []
        var now = 0
        while now <= end {
            var events: [(Int, FailoverEvent)] = [(now, .tick)]
            if now % 100 == 0 {
                for (offset, path) in [(0, HeartbeatPath.public), (1, .private)] where heard(now, path) {
                    events.append((now + offset, .heartbeatReceived(ReceivedHeartbeat(path: path, state: state(now)))))
                }
            }
            for (time, event) in events {
                let actions = m.handle(event, at: at(time))
                if time >= from { collected += logs(actions) }
            }
            now += 5
        }
        return collected
    }

    func machine() -> FailoverStateMachine {
        var m = FailoverStateMachine(
            configuration: try! FailoverConfiguration(
                role: .backup, keepalive: .milliseconds(100), deadtime: .milliseconds(500), paths: [.public, .private]))
        _ = m.handle(.start, at: at(0))
        return m
    }

    @Test func aDeadPartnerIsReportedOnceNotAsACutPathFirst() {
        var m = machine()
        let log = run(&m, heard: { time, _ in time <= 1000 }, until: 1700, logsFrom: 1001)
        #expect(!log.contains { $0.contains("still carries") }, "\(log)")
        #expect(log.contains { $0.contains("partner dead") }, "\(log)")
    }

    @Test func aCutPathIsReportedWhileTheOtherCarriesHeartbeats() {
        var m = machine()
        let log = run(&m, heard: { time, path in path == .public || time <= 1000 }, until: 2000, logsFrom: 1001)
        #expect(
            log.filter { $0.contains("no heartbeat on the private path") && $0.contains("public path still carries") }
                .count == 1, "\(log)")
        #expect(!log.contains { $0.contains("partner dead") })
        #expect(m.state == .inactive)
    }

    @Test func aPathCutJustAsTheOtherWasLateIsReportedWhenTheOtherDelivers() {
        var m = machine()
        // The public path goes quiet for 400 ms (late, not dead) just as the private one is cut.
        let log = run(
            &m, heard: { time, path in path == .public ? (time <= 1000 || time >= 1400) : time <= 1000 }, until: 2500,
            logsFrom: 1001)
        #expect(log.contains { $0.contains("no heartbeat on the private path") }, "\(log)")
        #expect(!log.contains { $0.contains("partner dead") }, "\(log)")
    }

    @Test func aPartnerComingBackIsNotACutPath() {
        var m = machine()
        // Stopping at 1000, back at 3000 (public first, private 1 ms later).
        let log = run(
            &m, heard: { time, _ in time <= 1000 || time >= 3000 }, until: 4000, logsFrom: 2999,
            state: { $0 == 1000 ? .stopping : $0 >= 3000 ? .active : .active })
        #expect(!log.contains { $0.contains("no heartbeat on the") }, "\(log)")
        #expect(log.contains { $0.contains("partner alive again") }, "\(log)")
    }
}
