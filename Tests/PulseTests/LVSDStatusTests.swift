import Control
import DaemonSupport
import Pulse
import Testing

/// lvsd as the status report shows it, from its supervision: events in, the report's line out.
@Suite struct LVSDStatusTests {
    let t0 = ContinuousClock.now
    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    func supervision(_ events: [(Int, ChildSupervision.Event)], limit: Int = 5) -> ChildSupervision {
        var s = ChildSupervision(
            backoff: .init(
                initialDelay: .milliseconds(500), multiplier: 2, maximumDelay: .seconds(30),
                stableRuntime: .seconds(60),
                failureLimit: limit, window: .seconds(300)),
            stopTimeout: .seconds(5))
        for (ms, event) in events { _ = s.handle(event, at: at(ms)) }
        return s
    }

    @Test func everyStateOfLVSD() {
        typealias Process = PulseStatus.LVSDProcess
        let died: [(Int, ChildSupervision.Event)] = [
            (0, .start), (0, .spawned(100)), (1_000, .exited(100, how: "killed by SIGKILL")),
        ]
        let cases: [(String, ChildSupervision, Int, Process)] = [
            ("running", supervision([(0, .start), (5, .spawned(100))]), 10, .init(running: true, pid: 100)),
            ("being spawned", supervision([(0, .start)]), 10, .init(running: false, note: "starting")),
            (
                "stopping", supervision([(0, .start), (0, .spawned(100)), (50, .stop)]), 60,
                .init(running: true, pid: 100, note: "stopping")
            ),
            (
                "a leftover stopping", supervision([(0, .stopLeftover(77)), (1, .start)]), 10,
                .init(running: true, pid: 77, note: "stopping")
            ),
            (
                "restarting", supervision(died), 1_200,
                .init(
                    running: false, note: "restarting in 300.0 ms (the kernel's table stays meanwhile)")
            ),
            (
                "restart overdue", supervision(died), 2_000,
                .init(
                    running: false, note: "restarting in 0.0 ms (the kernel's table stays meanwhile)")
            ),
            (
                "given up", supervision(died, limit: 1), 1_000,
                .init(
                    running: false,
                    note: "cannot be kept running; restarting in 30000.0 ms (the kernel's table stays meanwhile)")
            ),
            (
                "cold standby", supervision([]), 0,
                .init(running: false, note: "not running: this director is inactive (cold standby)")
            ),
        ]
        for (name, s, ms, expected) in cases {
            #expect(PulseStatus.LVSDProcess(enabled: true, supervision: s, at: at(ms)) == expected, "\(name)")
        }
        #expect(
            PulseStatus.LVSDProcess(enabled: false, supervision: supervision([]), at: t0)
                == .init(
                    running: false, note: "not started: pulse runs with --norun (test start)"))
    }
}
