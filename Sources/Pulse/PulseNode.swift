import Control
import DaemonSupport
import Heartbeat
import Interfaces
import Logging

/// One running pulse: the wiring around ``FailoverStateMachine`` and pulse's other decisions.
///
/// The heartbeats and the machine that judges them run alone on a real-time thread
/// (``HeartbeatCore``); nothing else can make a heartbeat late. This type runs everything else on
/// the main ``EventLoop``, in the normal class: signals, lvsd's readiness and failures, link changes
/// and control requests become ``FailoverEvent``s sent to that thread; the machine's other
/// ``FailoverAction``s come back and are carried out in order: VIPs brought up or down, gratuitous
/// ARPs, `active_cmd`/`inactive_cmd`, lvsd and the sync daemon, answers and log lines.
///
/// What each action means, and every other decision, belongs to a pure type: ``FailoverActionPlan``
/// and ``VIPChange`` (the VIPs, the commands), ``SyncDaemonRoleQueue``, ``PulseReloadPlan``,
/// ``HeartbeatRequests`` (control requests), ``VIPGuardSupervision``, ``LinkMonitor``,
/// ``PulseShutdown``, and lvsd's ``ChildSupervision``. This type only carries their actions out
/// with sockets, threads, processes, timers and the log.
///
/// The main loop never waits on the kernel either. Every rtnetlink call (VIPs, link states),
/// gratuitous ARP and IPVS call (the sync daemon) runs on a worker thread (``BackgroundWorker``)
/// and comes back as an event. VIP changes run in order on one worker; the sync daemon, which the
/// kernel may take tens of seconds to stop, has a worker of its own.
public final class PulseNode {
    /// The settings in force (a reload may change them).
    public internal(set) var settings: PulseSettings
    /// The command line.
    public let options: PulseOptions
    /// What the process should exit with once the loop has stopped.
    public internal(set) var exitStatus: Int32 = 0

    /// The election (pulse's heartbeats or VRRP), handed to its thread by ``start()``.
    let core: any ElectionCore
    var heartbeatThread: LoopThread?
    /// Whether the machine holds the VIPs, as of the last action performed here.
    var holdsVIPs = false
    /// VIPs, gratuitous ARPs and link states: rtnetlink and AF_PACKET, in order, off the loop.
    let addressWorker: BackgroundWorker<VIPHolder>
    /// The IPVS sync daemon, off the loop and apart from the VIPs.
    let syncWorker: BackgroundWorker<any SyncDaemonControl>
    /// Reads and checks lvs.cf for a reload (name resolution can take seconds), off the heartbeat loop.
    let reloadWorker: BackgroundWorker<Void>
    /// The VIPs the address worker reported up, for the status.
    var heldAddresses: [VirtualAddress] = []
    /// The sync daemon's role switches, one at a time.
    var syncRoles = SyncDaemonRoleQueue()
    let loop: EventLoop
    let reaper: ChildReaper
    let logger: Logger
    var control: ControlServer?

    /// Control requests waiting for the heartbeat thread's answer.
    var requests = HeartbeatRequests()
    /// Reloads read and waiting to be applied, one at a time.
    var reloads = ReloadQueue<PendingReload>()

    /// lvsd, kept running (warm standby) or run while active (cold standby).
    let lvsd: LVSDRunner

    /// `monitor_links`, and the timer that reads the links.
    var links = LinkMonitor()
    var linkTimer: EventLoop.TimerID?

    /// The stop's decisions.
    var shutdown = PulseShutdown()
    /// Whether pulse is stopping.
    var exiting: Bool { shutdown.isStopping }
    /// The VIP guard's supervision.
    var guardSupervision: VIPGuardSupervision
    /// `cluster_mode = bgp`: what this director announces to the routers through BIRD.
    let cluster: ClusterAnnouncement?
    /// A stop signal came in a cluster: the VIPs are being withdrawn before pulse stops.
    var withdrawingForStop = false

    /// A node with its heartbeat sockets already open (``HeartbeatSocket/open(for:)``), and the
    /// key read (``HeartbeatKeyFile``); with `heartbeat_protocol = vrrp`, its ``VRRPSocket`` open
    /// instead. `holder` and `syncDaemon` go to worker threads started here; nothing else happens
    /// until ``start()``.
    public init(
        settings: PulseSettings, options: PulseOptions, key: HeartbeatKey?, sockets: [HeartbeatPath: HeartbeatSocket],
        vrrpSocket: VRRPSocket? = nil, holder: sending VIPHolder, syncDaemon: sending any SyncDaemonControl,
        loop: EventLoop, reaper: ChildReaper, logger: Logger
    ) throws(PulseStartError) {
        self.settings = settings
        self.options = options
        if let vrrp = settings.vrrp {
            core = try Self.vrrpCore(vrrp, settings: settings, socket: vrrpSocket, forceActive: options.forceActive)
        } else {
            core = try Self.heartbeatCore(
                settings: settings, key: key, sockets: sockets, forceActive: options.forceActive)
        }
        do {
            addressWorker = try BackgroundWorker(name: "pulse-addresses", context: holder, loop: loop)
            syncWorker = try BackgroundWorker(name: "pulse-syncd", context: syncDaemon, loop: loop)
            reloadWorker = try BackgroundWorker(name: "pulse-reload", context: (), loop: loop)
        } catch {
            throw .system(error)
        }
        lvsd = LVSDRunner(
            launch: settings.runsFailoverServices ? options.fosLaunch : options.lvsdLaunch,
            enabled: options.startsLVSD, warmStandby: settings.warmStandby,
            stopTimeout: settings.daemonStopTimeout(lvsdStopTimeout: options.lvsdStopTimeout), loop: loop,
            reaper: reaper,
            logger: logger)
        if let membership = settings.cluster {
            do {
                cluster = try ClusterAnnouncement(membership: membership, loop: loop, logger: logger)
            } catch {
                throw .system(error)
            }
        } else {
            cluster = nil
        }
        guardSupervision = VIPGuardSupervision(
            enabled: options.vipGuard != nil && (settings.peer != nil || settings.vrrp != nil))
        self.loop = loop
        self.reaper = reaper
        self.logger = logger
    }

    /// Starts: leftovers of an earlier run cleaned up, signals watched, the control socket served,
    /// and the heartbeat thread started with the state machine. Run the loop afterwards.
    ///
    /// A real-time caller (pulse) hands its class to the heartbeat thread: this thread continues
    /// in the normal class, favoured (nice -10), like the workers.
    public func start() throws(PulseStartError) {
        logger.notice("\(settings.startLine(startsLVSD: options.startsLVSD))")
        do {
            for signal in [Signal.terminate, .interrupt] {
                try loop.handle(signal) { [unowned self] info in
                    let release =
                        settings.runsFailoverServices
                        ? settings.daemonStopTimeout(lvsdStopTimeout: options.lvsdStopTimeout) : .zero
                    withdrawThen { [unowned self] in
                        carryOut(shutdown.signalled("\(info.signal)", from: info.senderPID, releaseLimit: release))
                    }
                }
            }
            try loop.handle(.hangup) { [unowned self] _ in reload(trigger: "SIGHUP") { _ in } }
        } catch {
            throw .system(error)
        }
        do {
            control = try ControlServer(
                ControlServer.Configuration(path: options.controlSocketPath, daemon: "pulse"), loop: loop,
                logger: logger,
                deferredHandler: ControlServer.pulseHandler { [unowned self] request, peer, reply in
                    answer(request, from: peer, reply: reply)
                })
        } catch {
            throw .control(error)
        }
        lvsd.stopLeftover()
        core.reports.deliver(on: loop) { [unowned self] reports in
            for report in reports { handle(report) }
        }
        let realtime = RealtimeScheduling.isRealtime
        do {
            heartbeatThread = try LoopThread(name: "pulse-heartbeat", realtime: realtime) { [core] loop in
                core.run(on: loop)
            }
        } catch {
            throw .system(error)
        }
        if realtime { RealtimeScheduling.leaveRealtime(nice: RealtimeScheduling.favouredNice) }
        lvsd.onReadiness = { [unowned self] readiness in
            dispatch(.tableChanged(readiness))
            updateCluster()
        }
        lvsd.onFailure = { [unowned self] reason in dispatch(.lvsdFailed(reason)) }
        lvsd.onAvailability = { [unowned self] vip, count in cluster?.realServers(count, on: vip) }
        lvsd.onStopped = { [unowned self] in
            dispatch(.lvsdStopped)
            stopLoopWhenDone()
        }
        addressWorker.onDrained = { [unowned self] in stopLoopWhenDone() }
        dispatch(.tableChanged(lvsd.readiness))
        if !options.forceActive { carryOut(FailoverActionPlan.standBy(settings: settings)) }
        dispatch(.start)
        startVIPGuard()
        startLinkWatch()
    }

    // MARK: - Events and actions

    /// Hands `event` to the state machine on the heartbeat thread.
    func dispatch(_ event: FailoverEvent) {
        core.commands.post(.event(event))
    }

    /// What the heartbeat thread reported, in order.
    func handle(_ report: HeartbeatReport) {
        switch report {
        case .perform(let action, let holds):
            holdsVIPs = holds
            carryOut(FailoverActionPlan.steps(for: action, settings: settings, heldAddresses: heldAddresses))
        case .log(let level, let message):
            logger.log(level: level, "\(message)")
        case .answer(let id, let answer, let status):
            requests.handOverAnswered(id)?(answer, status)
        case .status(let status):
            for waiter in requests.statusArrived() { waiter(status) }
        case .reconfigured(let id, let failure):
            requests.reconfigured(id)?(failure)
        }
    }
}
