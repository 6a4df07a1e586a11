import Addressing
import Heartbeat
import Interfaces
import Pulse
import Testing

/// `monitor_links`: scripts of what was found and read, each step's actions (reads to make, lines
/// for the log, events for the machine) compared with what the monitor must do.
@Suite struct LinkMonitorTests {
    typealias Action = LinkMonitor.Action
    typealias Found = [(address: IPAddress, interface: Result<String?, InterfaceError>)]
    typealias States = [(link: String, state: Result<LinkStatus, InterfaceError>)]

    enum Input {
        case start(PulseSettings)
        case discovered(Found, PulseSettings, stopping: Bool)
        case pollDue
        case polled(States)
        case restart(PulseSettings)
        case stop
    }

    let settings: PulseSettings
    let off: PulseSettings
    let gone = InterfaceError("reading link eth1", .noSuchDevice)
    let public1 = IPAddress("192.0.2.1")!
    let private1 = IPAddress("10.9.0.1")!

    init() throws {
        settings = try PulseSettings(config: PulseTestConfig.config(), role: .primary)
        var off = settings
        off.monitorLinks = false
        self.off = off
    }

    @discardableResult
    func run(
        _ monitor: inout LinkMonitor, _ steps: [(Input, [Action])], sourceLocation: SourceLocation = #_sourceLocation
    )
        -> LinkMonitor
    {
        for (index, (input, expected)) in steps.enumerated() {
            let actions: [Action]
            switch input {
            case .start(let settings): actions = monitor.start(settings)
            case .discovered(let found, let settings, let stopping):
                actions = monitor.discovered(found, settings: settings, stopping: stopping)
            case .pollDue: actions = monitor.pollDue()
            case .polled(let states): actions = monitor.polled(states)
            case .restart(let settings): actions = monitor.restart(settings)
            case .stop: actions = monitor.stop()
            }
            #expect(actions == expected, "step \(index + 1)", sourceLocation: sourceLocation)
        }
        return monitor
    }

    func link(_ name: String, up: Bool) -> Result<LinkStatus, InterfaceError> {
        .success(
            LinkStatus(
                name: name, index: 2, macAddress: nil, isUp: up, hasCarrier: up, operationalState: up ? .up : .down))
    }

    /// A monitor watching eth0 and eth1, its first read under way.
    func watching() -> LinkMonitor {
        var monitor = LinkMonitor()
        _ = monitor.discovered(
            [(public1, .success("eth0")), (private1, .success("eth1"))], settings: settings, stopping: false)
        return monitor
    }

    @Test func theInterfacesHoldingTheHeartbeatAddressesAreFoundWatchedAndReadAtOnce() {
        var monitor = LinkMonitor()
        run(
            &monitor,
            [
                (.start(settings), [.discover([public1, private1])]),
                (
                    .discovered(
                        [(public1, .success("eth0")), (private1, .success("eth0"))], settings, stopping: false),
                    [
                        .log(.info, "monitor_links: watching eth0"), .poll(["eth0"]),
                        .startPolling(every: .milliseconds(250)),
                    ]
                ),
            ])
        #expect(monitor.watch?.links == ["eth0"] && monitor.isPolling)
    }

    @Test func addressesOnNoInterfaceAreWarnedAndNothingFoundWatchesNothing() {
        var monitor = LinkMonitor()
        run(
            &monitor,
            [
                (
                    .discovered([(public1, .success(nil)), (private1, .failure(gone))], settings, stopping: false),
                    [
                        .log(.warning, "monitor_links: no interface holds 192.0.2.1; its link is not watched"),
                        .log(.error, "monitor_links: \(gone)"),
                    ]
                ),
                (.pollDue, []),
            ])
        #expect(monitor.watch == nil && !monitor.isPolling)
    }

    @Test func linksFoundTooLateAreNotWatched() {
        let found: Found = [(public1, .success("eth0"))]
        var monitor = LinkMonitor()
        run(
            &monitor,
            [
                (.start(off), []),
                // monitor_links turned off meanwhile, or pulse stopping.
                (.discovered(found, off, stopping: false), []),
                (.discovered(found, settings, stopping: true), []),
            ])
        // Found twice (a restart while the first search ran): watched once.
        var twice = LinkMonitor()
        run(
            &twice,
            [
                (
                    .discovered(found, settings, stopping: false),
                    [
                        .log(.info, "monitor_links: watching eth0"), .poll(["eth0"]),
                        .startPolling(every: .milliseconds(250)),
                    ]
                ),
                (.discovered(found, settings, stopping: false), []),
            ])
    }

    @Test func oneReadAtATime() {
        var monitor = watching()
        run(
            &monitor,
            [
                (.pollDue, []),
                (.polled([("eth0", link("eth0", up: true)), ("eth1", link("eth1", up: true))]), []),
                (.pollDue, [.poll(["eth0", "eth1"])]),
                (.pollDue, []),
            ])
    }

    @Test func aLinkDownIsLoggedOnceAndEveryChangeGoesToTheMachine() {
        var monitor = watching()
        run(
            &monitor,
            [
                (.polled([("eth0", link("eth0", up: true)), ("eth1", link("eth1", up: true))]), []),
                (.pollDue, [.poll(["eth0", "eth1"])]),
                (
                    .polled([("eth0", link("eth0", up: false)), ("eth1", link("eth1", up: true))]),
                    [
                        .log(.warning, "link eth0: down, no carrier, operstate down"), .report(.linkDown("eth0")),
                    ]
                ),
                // Still down: neither logged nor reported again; a vanished interface is down too.
                (.pollDue, [.poll(["eth0", "eth1"])]),
                (
                    .polled([("eth0", link("eth0", up: false)), ("eth1", .failure(gone))]),
                    [
                        .log(.warning, "monitor_links: \(gone)"), .report(.linkDown("eth1")),
                    ]
                ),
                (.pollDue, [.poll(["eth0", "eth1"])]),
                (.polled([("eth0", link("eth0", up: true)), ("eth1", .failure(gone))]), [.report(.linkUp("eth0"))]),
            ])
        #expect(monitor.watch?.downLinks == ["eth1"])
    }

    @Test func aLinkDownAtTheFirstReadIsReported() {
        var monitor = watching()
        run(
            &monitor,
            [
                (
                    .polled([("eth0", link("eth0", up: true)), ("eth1", link("eth1", up: false))]),
                    [
                        .log(.warning, "link eth1: down, no carrier, operstate down"), .report(.linkDown("eth1")),
                    ]
                )
            ])
    }

    @Test func aRestartForgetsTheLinksAndLooksAgainWhenStillOn() {
        var monitor = watching()
        run(&monitor, [(.restart(settings), [.stopPolling, .discover([public1, private1])])])
        #expect(monitor.watch == nil && !monitor.isPolling)
        var turnedOff = watching()
        run(
            &turnedOff,
            [
                (.restart(off), [.stopPolling]),
                // A read under way when the links were forgotten changes nothing.
                (.polled([("eth0", link("eth0", up: false))]), []),
            ])
        var idle = LinkMonitor()
        run(&idle, [(.restart(settings), [.discover([public1, private1])])])
    }

    @Test func stoppingEndsTheReads() {
        var monitor = watching()
        run(&monitor, [(.stop, [.stopPolling]), (.stop, [])])
        #expect(LinkMonitor.pollInterval(keepalive: .seconds(2)) == .milliseconds(500))
        #expect(LinkMonitor.pollInterval(keepalive: .milliseconds(100)) == .milliseconds(100))
    }
}
