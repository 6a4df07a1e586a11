import Heartbeat
import Interfaces
import Pulse
import Testing

/// What follows each VIP change once the address worker is done: outcomes in, steps out.
@Suite struct VIPChangeTests {
    let settings: PulseSettings
    var vips: [VirtualAddress] { settings.virtualAddresses }
    let down = InterfaceError("adding 192.0.2.11/32 to eth0", .noSuchDevice)
    let refused = InterfaceError("removing 192.0.2.10/24 from eth0", .permissionDenied(capability: "CAP_NET_ADMIN"))
    let arp = InterfaceError("sending ARP on eth1", .system(call: "sendto", errno: 100))
    let activeCmd = PulseStep.run(["/usr/local/sbin/became-active", "--now"], as: "active_cmd")
    let inactiveCmd = PulseStep.run(["logger", "standby"], as: "inactive_cmd")
    let vipList = "192.0.2.10/24 on eth0:1, 192.0.2.11/32 on eth0, 10.0.1.254/24 on eth1:1"

    init() throws {
        settings = try PulseSettings(config: PulseTestConfig.config(), role: .primary)
    }

    /// One case: a change, the worker's outcome, whether the machine holds the VIPs by then, and
    /// the steps expected.
    typealias Case = (change: VIPChange, outcome: VIPChange.Outcome, holds: Bool, expected: [PulseStep])

    func check(_ cases: [Case], settings: PulseSettings? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, c) in cases.enumerated() {
            let steps = c.change.followUp(c.outcome, settings: settings ?? self.settings, holdsVIPs: c.holds)
            #expect(steps == c.expected, "case \(index + 1): \(c.change)", sourceLocation: sourceLocation)
        }
    }

    @Test func anActivationReportsItsOutcomeAfterTheFirstAnnouncementsThenRunsActiveCmd() {
        check([
            (
                .activate(vips, announce: true), .init(held: vips, took: .microseconds(12_345)), true,
                [
                    .recordHeld(vips), .log(.notice, "VIPs up: \(vipList), announced (12.35 ms)"),
                    .report(.activationFinished),
                    activeCmd,
                ]
            ),
            (
                .activate(vips, announce: false), .init(held: vips, took: .milliseconds(3)), true,
                [
                    .recordHeld(vips), .log(.notice, "VIPs up: \(vipList) (3.0 ms)"), .report(.activationFinished),
                    activeCmd,
                ]
            ),
            // A VIP that could not come up fails the activation (the machine faults, the peer takes
            // over); an announcement that could not go out is only a warning.
            (
                .activate(vips, announce: true),
                .init(held: [vips[0]], failures: [down, refused], announceFailures: [arp]), true,
                [
                    .recordHeld([vips[0]]), .log(.notice, "VIPs up: 192.0.2.10/24 on eth0:1, announced (0.0 ms)"),
                    .log(.error, "\(down)"), .log(.error, "\(refused)"),
                    .log(.warning, "gratuitous ARP (first round): \(arp)"),
                    .report(.activationFailed("\(down); \(refused)")), activeCmd,
                ]
            ),
            (
                .activate([], announce: true), .init(held: []), true,
                [
                    .recordHeld([]), .log(.notice, "VIPs up: none, announced (0.0 ms)"), .report(.activationFinished),
                    activeCmd,
                ]
            ),
        ])
    }

    @Test func aDeactivationNamesTheVIPsItTookDownThenRunsInactiveCmd() {
        check([
            (
                .deactivate(vips), .init(held: [], removed: vips), false,
                [
                    .recordHeld([]), .log(.notice, "VIPs down: \(vipList)"), .report(.deactivationFinished),
                    inactiveCmd,
                ]
            ),
            (
                .deactivate(vips), .init(held: [vips[1]], failures: [refused], removed: [vips[0]]), false,
                [
                    .recordHeld([vips[1]]), .log(.notice, "VIPs down: 192.0.2.10/24 on eth0:1"),
                    .log(.error, "\(refused)"), .report(.deactivationFinished),
                    inactiveCmd,
                ]
            ),
        ])
    }

    @Test func theInactiveStartWarnsOfLeftoversAndRunsInactiveCmdUnlessActivatedMeanwhile() {
        check([
            (
                .removeLeftovers(vips), .init(held: [], removed: [vips[2]]), false,
                [
                    .log(.warning, "removed VIPs left behind by an earlier run: 10.0.1.254/24 on eth1:1"), inactiveCmd,
                ]
            ),
            (.removeLeftovers(vips), .init(held: []), false, [inactiveCmd]),
            (.removeLeftovers(vips), .init(held: [], failures: [refused]), true, [.log(.error, "\(refused)")]),
        ])
    }

    @Test func withoutCommandsNothingRuns() throws {
        var bare = settings
        bare.activeCommand = nil
        bare.inactiveCommand = []
        check(
            [
                (
                    .activate(vips, announce: false), .init(held: vips), true,
                    [
                        .recordHeld(vips), .log(.notice, "VIPs up: \(vipList) (0.0 ms)"), .report(.activationFinished),
                    ]
                ),
                (
                    .deactivate(vips), .init(held: [], removed: []), false,
                    [.recordHeld([]), .log(.notice, "VIPs down: none"), .report(.deactivationFinished)]
                ),
                (.removeLeftovers(vips), .init(held: []), false, []),
            ], settings: bare)
    }

    @Test func aReloadRecordsTheVIPsAndLogsItsFailures() {
        let change = VIPChange.reload(remove: [vips[1]], forgetAnnouncers: true, add: [vips[2]], announce: true)
        check([
            (change, .init(held: [vips[0], vips[2]]), true, [.recordHeld([vips[0], vips[2]])]),
            (
                change, .init(held: [vips[0]], failures: [down], announceFailures: [arp]), true,
                [
                    .recordHeld([vips[0]]), .log(.error, "\(down)"),
                    .log(.warning, "gratuitous ARP (reload round): \(arp)"),
                ]
            ),
        ])
    }

    @Test func aFurtherAnnouncementRoundIsLoggedAndItsFailuresWarned() {
        check([
            (
                .announce(vips, round: "repeat"), .init(held: vips), true,
                [
                    .log(.debug, "gratuitous ARP repeat round for \(vipList)")
                ]
            ),
            (
                .announce([vips[0]], round: "repeat"), .init(held: vips, announceFailures: [arp]), true,
                [
                    .log(.warning, "gratuitous ARP (repeat round): \(arp)"),
                    .log(.debug, "gratuitous ARP repeat round for 192.0.2.10/24 on eth0:1"),
                ]
            ),
        ])
    }

    @Test func aDeactivationTakesDownWhatIsHeldThenWhatIsConfigured() {
        #expect(VIPChange.takeDownOrder(held: [vips[2], vips[0]], configured: vips) == [vips[2], vips[0], vips[1]])
        #expect(VIPChange.takeDownOrder(held: [], configured: vips) == vips)
        #expect(VIPChange.takeDownOrder(held: [vips[1]], configured: []) == [vips[1]])
    }
}
