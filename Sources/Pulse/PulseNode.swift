#if canImport(Glibc)
import Glibc
#endif
import Control
import DaemonSupport
import Heartbeat
import IPVS
import Interfaces
import Logging

/// One running pulse: the wiring around ``FailoverStateMachine`` on an ``EventLoop``.
///
/// Heartbeat datagrams, signals, lvsd's readiness and failures, link changes and control requests
/// become ``FailoverEvent``s; the machine's ``FailoverAction``s are performed in order: heartbeats
/// sent, VIPs brought up or down, gratuitous ARPs, `active_cmd`/`inactive_cmd`, lvsd and the sync
/// daemon.
///
/// The loop's thread sends and judges heartbeats; it never waits on the kernel. Every rtnetlink
/// call (VIPs, link states), gratuitous ARP and IPVS call (the sync daemon) runs on a worker thread
/// (``BackgroundWorker``) and comes back as an event: a slow kernel delays a VIP or the sync
/// daemon, never a heartbeat. VIP changes run in order on one worker; the sync daemon, which the
/// kernel may take tens of seconds to stop, has a worker of its own.
public final class PulseNode {
    /// The settings in force (a reload may change them).
    public internal(set) var settings: PulseSettings
    /// The command line.
    public let options: PulseOptions
    /// What the process should exit with once the loop has stopped.
    public internal(set) var exitStatus: Int32 = 0

    var machine: FailoverStateMachine
    var sender: HeartbeatSender?
    var receiver: HeartbeatReceiver?
    let sockets: [HeartbeatPath: HeartbeatSocket]
    /// VIPs, gratuitous ARPs and link states: rtnetlink and AF_PACKET, in order, off the loop.
    let addressWorker: BackgroundWorker<VIPHolder>
    /// The IPVS sync daemon, off the loop and apart from the VIPs.
    let syncWorker: BackgroundWorker<any SyncDaemonControl>
    /// Reads and checks lvs.cf for a reload (name resolution can take seconds), off the heartbeat loop.
    let reloadWorker: BackgroundWorker<Void>
    /// The VIPs the address worker reported up, for the status.
    var heldAddresses: [VirtualAddress] = []
    /// The sync daemon role wanted, and the one being switched to (coalesced: only the last
    /// wanted role matters).
    var syncRoleWanted: IPVSSyncDaemonRole?
    var syncRoleSwitching: IPVSSyncDaemonRole?
    let loop: EventLoop
    let reaper: ChildReaper
    let logger: Logger
    var control: ControlServer?

    // Event dispatch.
    var pendingEvents: [FailoverEvent] = []
    var dispatching = false
    var wakeTimer: EventLoop.TimerID?
    var answers: [FailoverAnswer] = []

    /// lvsd, kept running (warm standby) or run while active (cold standby).
    let lvsd: LVSDRunner

    // Links (monitor_links).
    var linkWatch: LinkWatch?
    var linkTimer: EventLoop.TimerID?
    var linkPollInFlight = false

    // When a heartbeat that passed every check last arrived on each path.
    var lastValidHeartbeat: [HeartbeatPath: ContinuousClock.Instant] = [:]
    // Logging of repeated send failures, at most once per path per interval.
    var sendFailureLogged: [HeartbeatPath: ContinuousClock.Instant] = [:]
    var exiting = false

    /// A node with its heartbeat sockets already open (``HeartbeatSocket/open(for:)``), and the
    /// key read (``HeartbeatKeyFile``). `holder` and `syncDaemon` go to worker threads started
    /// here; nothing else happens until ``start()``.
    public init(
        settings: PulseSettings, options: PulseOptions, key: HeartbeatKey?, sockets: [HeartbeatPath: HeartbeatSocket],
        holder: sending VIPHolder, syncDaemon: sending any SyncDaemonControl, loop: EventLoop, reaper: ChildReaper,
        logger: Logger
    ) throws(PulseStartError) {
        self.settings = settings
        self.options = options
        do {
            machine = FailoverStateMachine(configuration: try settings.failoverConfiguration(forceActive: options.forceActive))
        } catch {
            throw .configuration(error)
        }
        if let peer = settings.peer {
            let bootID = UInt64(clamping: Self.wallClock().nanosecondsSince1970)
            sender = HeartbeatSender(
                protocol: settings.wireProtocol, role: settings.role, bootID: bootID,
                configSerial: settings.configSerial, paths: peer.paths, key: key)
            receiver = HeartbeatReceiver(
                protocol: settings.wireProtocol, localRole: settings.role, peer: peer, key: key, ownBootID: bootID,
                keepalive: settings.keepalive, deadtime: settings.deadtime)
        }
        self.sockets = sockets
        do {
            addressWorker = try BackgroundWorker(name: "pulse-addresses", context: holder, loop: loop)
            syncWorker = try BackgroundWorker(name: "pulse-syncd", context: syncDaemon, loop: loop)
            reloadWorker = try BackgroundWorker(name: "pulse-reload", context: (), loop: loop)
        } catch {
            throw .system(error)
        }
        lvsd = LVSDRunner(
            launch: options.lvsdLaunch, enabled: options.startsLVSD, warmStandby: settings.warmStandby,
            stopTimeout: options.lvsdStopTimeout, loop: loop, reaper: reaper, logger: logger)
        self.loop = loop
        self.reaper = reaper
        self.logger = logger
    }

    /// Starts: leftovers of an earlier run cleaned up, signals and sockets watched, the control
    /// socket served, and the state machine started. Run the loop afterwards.
    public func start() throws(PulseStartError) {
        let role = settings.role == .primary ? "MASTER" : "BACKUP"
        let peer = settings.peer.map { "peer \($0)" } ?? "no backup"
        let lvsdNote =
            !options.startsLVSD
            ? "; lvsd will not be started (--norun)"
            : settings.warmStandby ? "; warm standby: lvsd runs on both directors" : "; cold standby: lvsd runs only while active"
        logger.notice(
            "STARTING PULSE AS \(role) (\(settings.role) \(settings.localAddress), \(peer); keepalive \(settings.keepalive), deadtime \(settings.deadtime)\(lvsdNote))")
        do {
            try loop.handle(.terminate) { [unowned self] info in stop(info) }
            try loop.handle(.interrupt) { [unowned self] info in stop(info) }
            try loop.handle(.hangup) { [unowned self] _ in reload(trigger: "SIGHUP") { _ in } }
        } catch {
            throw .system(error)
        }
        do {
            control = try ControlServer(
                ControlServer.Configuration(path: options.controlSocketPath, daemon: "pulse"), loop: loop,
                logger: logger, deferredHandler: ControlServer.pulseHandler { [unowned self] request, peer, reply in
                    answer(request, from: peer, reply: reply)
                })
        } catch {
            throw .control(error)
        }
        for (path, socket) in sockets {
            loop.watch(socket.descriptor, for: .readable) { [unowned self] _ in receiveHeartbeats(on: socket, path: path) }
        }
        if options.startsLVSD { stopLeftoverLVSD() }
        lvsd.onReadiness = { [unowned self] readiness in dispatch(.tableChanged(readiness)) }
        lvsd.onFailure = { [unowned self] reason in dispatch(.lvsdFailed(reason)) }
        lvsd.onStopped = { [unowned self] in stopLoopWhenDone() }
        addressWorker.onDrained = { [unowned self] in stopLoopWhenDone() }
        dispatch(.tableChanged(lvsd.readiness))
        if !options.forceActive { standBy() }
        dispatch(.start)
        startLinkWatch()
    }

    // MARK: - Events and actions

    /// Feeds `event` to the state machine and performs what it returns; events raised while
    /// performing (an activation's outcome) are handled after, in order.
    func dispatch(_ event: FailoverEvent) {
        pendingEvents.append(event)
        guard !dispatching else { return }
        dispatching = true
        defer { dispatching = false }
        while !pendingEvents.isEmpty {
            let next = pendingEvents.removeFirst()
            for action in machine.handle(next, at: loop.now) {
                perform(action)
            }
        }
    }

    func perform(_ action: FailoverAction) {
        switch action {
        case .sendHeartbeat(let state, let table):
            sendHeartbeat(state, table: table)
        case .activate:
            activate()
        case .deactivate:
            deactivate()
        case .startLVSD:
            lvsd.start()
        case .stopLVSD:
            lvsd.stop()
        case .sendGratuitousARPs:
            announce(heldAddresses, round: "repeat")
        case .log(let entry):
            logger.log(level: Self.level(entry.severity), "\(entry.message)")
        case .answer(_, let answer):
            answers.append(answer)
        case .exit:
            finish()
        case .wakeUp(let at):
            if let wakeTimer { loop.cancel(wakeTimer) }
            wakeTimer = loop.schedule(at: at) { [unowned self] in
                wakeTimer = nil
                dispatch(.tick)
            }
        }
    }

    static func level(_ severity: FailoverLogSeverity) -> Logger.Level {
        switch severity {
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        }
    }

    // MARK: - Stopping

    private func stop(_ info: SignalInfo) {
        guard !exiting else {
            logger.notice("\(info.signal) again while stopping; still waiting for lvsd and the VIPs to go")
            return
        }
        logger.notice("terminating due to \(info.signal) (from PID \(info.senderPID))")
        dispatch(.stop("\(info.signal)"))
        if !exiting { finish() }
    }

    /// `.exit`: tells the peer once more, stops serving and lvsd, and stops the loop once lvsd is
    /// gone and the VIPs are down.
    func finish() {
        guard !exiting else { return }
        exiting = true
        // A second "stopping" in case the first was lost: the peer then takes over at once anyway.
        if settings.peer != nil { sendHeartbeat(.stopping, table: lvsd.readiness) }
        if let wakeTimer { loop.cancel(wakeTimer) }
        if let linkTimer { loop.cancel(linkTimer) }
        control?.close()
        control = nil
        lvsd.stop()
        stopLoopWhenDone()
        loop.schedule(after: options.lvsdStopTimeout + .seconds(2)) { [unowned self] in
            let waiting = [
                lvsd.isStopped ? nil : "lvsd did not exit after SIGKILL",
                addressWorker.backlog == 0 ? nil : "the VIPs are not confirmed down",
            ].compactMap { $0 }
            logger.error("\(waiting.joined(separator: "; ")); exiting anyway")
            loop.stop()
        }
    }

    /// Stops the loop once pulse is exiting, lvsd is gone and every VIP change has been made.
    func stopLoopWhenDone() {
        guard exiting, lvsd.isStopped, addressWorker.backlog == 0 else { return }
        syncWorker.shutDown()
        addressWorker.shutDown()
        reloadWorker.shutDown()
        loop.stop()
    }

    // MARK: - Wall clock

    /// `CLOCK_REALTIME`, for the heartbeats' timestamps.
    static func wallClock() -> WallClockTime {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return WallClockTime(seconds: Int64(now.tv_sec), nanoseconds: Int64(now.tv_nsec))
    }
}

/// Why a node could not start.
public enum PulseStartError: Error, CustomStringConvertible {
    /// The settings make no working failover configuration.
    case configuration(FailoverConfigurationError)
    /// Signals or worker threads could not be set up.
    case system(SystemCallError)
    /// The control socket could not be served.
    case control(ControlServerError)

    public var description: String {
        switch self {
        case .configuration(let error): "\(error)"
        case .system(let error): "\(error)"
        case .control(let error): "\(error)"
        }
    }
}
