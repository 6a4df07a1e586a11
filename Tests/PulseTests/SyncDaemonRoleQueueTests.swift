import IPVS
import LVSConfig
import Pulse
import Testing

/// The sync daemon's role switches, one at a time: scripts of wants and finished switches, each
/// step's actions compared with what the queue must do.
@Suite struct SyncDaemonRoleQueueTests {
    let sync = SyncDaemonSettings(enabled: true, interface: "eth2", syncID: 9)
    typealias Action = SyncDaemonRoleQueue.Action

    enum Input {
        case want(IPVSSyncDaemonRole)
        case finished(Result<String, SyncDaemonSwitchError>, took: Duration)
    }

    func run(
        _ queue: inout SyncDaemonRoleQueue, _ steps: [(Input, [Action])], settings: SyncDaemonSettings?? = .none,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let settings = settings ?? sync
        for (index, (input, expected)) in steps.enumerated() {
            let actions: [Action]
            switch input {
            case .want(let role): actions = queue.want(role, settings: settings)
            case .finished(let result, let took): actions = queue.finished(result, took: took, settings: settings)
            }
            #expect(actions == expected, "step \(index + 1): \(input)", sourceLocation: sourceLocation)
        }
    }

    func done(_ role: IPVSSyncDaemonRole) -> Result<String, SyncDaemonSwitchError> {
        .success("sync daemon: \(role) on eth2, syncid 9")
    }

    @Test func aSwitchStartsAtOnceWhenNoneRuns() {
        var queue = SyncDaemonRoleQueue()
        run(
            &queue,
            [
                (.want(.backup), [.switchTo(.backup, sync)]),
                (
                    .finished(done(.backup), took: .milliseconds(30)),
                    [.log(.info, "sync daemon: backup on eth2, syncid 9")]
                ),
                (.want(.master), [.switchTo(.master, sync)]),
            ])
        #expect(queue.switching == .master && queue.wanted == .master)
    }

    @Test func rolesWantedDuringASwitchAreCoalescedToTheLast() {
        var queue = SyncDaemonRoleQueue()
        run(
            &queue,
            [
                (.want(.backup), [.switchTo(.backup, sync)]),
                (.want(.master), [.log(.info, "sync daemon: switching to master once the switch under way is done")]),
                (.want(.backup), []),
                (.want(.master), [.log(.info, "sync daemon: switching to master once the switch under way is done")]),
                // A slow kernel is named.
                (
                    .finished(done(.backup), took: .milliseconds(12_500)),
                    [
                        .log(.info, "sync daemon: backup on eth2, syncid 9 (the kernel took 12500.0 ms)"),
                        .switchTo(.master, sync),
                    ]
                ),
                (.finished(done(.master), took: .seconds(1)), [.log(.info, "sync daemon: master on eth2, syncid 9")]),
            ])
        #expect(queue.switching == nil)
    }

    @Test func theSameRoleWantedBackDuringItsSwitchNeedsNoSecondSwitch() {
        var queue = SyncDaemonRoleQueue()
        run(
            &queue,
            [
                (.want(.master), [.switchTo(.master, sync)]),
                (.want(.backup), [.log(.info, "sync daemon: switching to backup once the switch under way is done")]),
                (.want(.master), []),
                (
                    .finished(done(.master), took: .milliseconds(5)),
                    [.log(.info, "sync daemon: master on eth2, syncid 9")]
                ),
            ])
    }

    @Test func aFailedSwitchIsLoggedAsAnError() {
        var queue = SyncDaemonRoleQueue()
        let error = SyncDaemonSwitchError(role: .master, cause: IPVSError(.connect, .ipvsUnavailable))
        run(
            &queue,
            [
                (.want(.master), [.switchTo(.master, sync)]),
                (.finished(.failure(error), took: .milliseconds(2)), [.log(.error, "\(error)")]),
            ])
    }

    @Test func withoutASyncDaemonNothingIsSwitched() {
        var queue = SyncDaemonRoleQueue()
        run(&queue, [(.want(.master), []), (.want(.backup), [])], settings: .some(nil))
        #expect(queue.wanted == nil)
        // Turned off by a reload during a switch: nothing follows it.
        var switching = SyncDaemonRoleQueue()
        run(
            &switching,
            [
                (.want(.master), [.switchTo(.master, sync)]),
                (
                    .want(.backup),
                    [
                        .log(.info, "sync daemon: switching to backup once the switch under way is done")
                    ]
                ),
            ])
        let after = switching.finished(done(.master), took: .zero, settings: nil)
        #expect(after == [.log(.info, "sync daemon: master on eth2, syncid 9")])
        #expect(switching.switching == nil)
    }
}
