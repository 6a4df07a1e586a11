import Addressing
import Control
import DaemonSupport
import Glibc
import HealthCheck
import IPVS
import LVSConfig
import Logging

/// lvsd at run time: wires the event loop, signals, nannies, the control socket and the IPVS
/// table to the ``Director``, and carries out what it decides.
public final class LVSDaemon {
    private let settings: LVSDSettings
    private let loop: EventLoop
    private let logger: Logger
    private var director: Director
    private var table: any IPVSTable
    private let writer: TableWriter
    private var reaper: ChildReaper!
    private var supervisor: NannySupervisor!
    private var forkServer: NannyForkServerLink?
    private var control: ControlServer?
    private var reconcileScheduled = false
    private var stopping = false
    private var configurationLoadedAt: Double
    /// `--ready-fd`, while its reader listens.
    private var readyDescriptor: FileDescriptor?
    /// The last line written to ``readyDescriptor``.
    private var lastReadiness: String?
    /// The real servers available per VIP last written to ``readyDescriptor`` (active-active only).
    private var lastAvailable: [IPAddress: Int] = [:]
    /// The exit status ``run()`` returns.
    public private(set) var exitStatus: Int32 = 0

    /// A daemon for `configuration`, programming `table` (the kernel's, or under `--test-start` its
    /// in-memory model).
    public init(
        settings: LVSDSettings, configuration: LVSConfig, table: any IPVSTable,
        previouslyOwned: Set<IPVSServiceIdentity>,
        logger: Logger
    ) {
        self.settings = settings
        self.logger = logger
        self.table = table
        loop = EventLoop()
        writer = TableWriter(logger: logger, dryRun: settings.testStart)
        director = Director(
            configuration: configuration, launchSettings: settings.launch, previouslyOwned: previouslyOwned,
            at: loop.now)
        configurationLoadedAt = WallClock.now
        readyDescriptor = settings.readyDescriptor
        _ = try? readyDescriptor?.setCloseOnExec()
    }

    /// Starts everything and runs until SIGTERM/SIGINT (or a nanny that cannot be kept alive
    /// under `hard_shutdown = 1`). `ready` is called once lvsd is up, with nil, or with the
    /// reason it could not start. Returns the exit status.
    public func run(ready: (String?) -> Void) -> Int32 {
        do {
            try loop.handle(.hangup) { [unowned self] info in
                _ = reload(requestedBy: "SIGHUP from PID \(info.senderPID)")
            }
            try loop.handle(.terminate) { [unowned self] _ in shutdown(reason: "SIGTERM", status: 0) }
            try loop.handle(.interrupt) { [unowned self] _ in shutdown(reason: "SIGINT", status: 0) }
            reaper = try ChildReaper(loop: loop, strategy: .allChildren, logger: logger)
            var forkServer: NannyForkServerLink?
            // The fork server's children are re-parented to lvsd, which must be a subreaper to
            // collect them; the server's children take descriptor 3 for their reports.
            if settings.launch.forkServer, settings.launch.reportDescriptor == 3 {
                try OrphanSweeper.becomeSubreaper()
                forkServer = NannyForkServerLink(
                    executable: settings.launch.defaultExecutable, loop: loop, reaper: reaper, logger: logger)
            }
            self.forkServer = forkServer
            forkServer?.start()
            supervisor = NannySupervisor(
                loop: loop, reaper: reaper, backoff: settings.backoff, stopTimeout: settings.stopGrace, logger: logger,
                label: { [unowned self] key in director.label(key) },
                events: NannySupervisor.Events(
                    report: { [unowned self] key, report in perform(director.receive(report, from: key, at: loop.now))
                    },
                    restarting: { [unowned self] key in director.nannyRestarting(key) },
                    gaveUp: { [unowned self] key, reason in nannyGaveUp(key, reason) }),
                forkServer: forkServer)
        } catch {
            ready("setting up signals and nanny supervision: \(error)")
            return 1
        }

        let snapshot: IPVSSnapshot
        do {
            snapshot = try IPVSSnapshot.read(from: table, destinationsOf: director.ownedServices)
        } catch {
            ready("reading the IPVS table: \(error.causeDescription)")
            return 1
        }
        do {
            control = try ControlServer(
                ControlServer.Configuration(path: settings.controlSocketPath, daemon: "lvsd"), loop: loop,
                logger: logger,
                handler: ControlServer.lvsdHandler { [unowned self] request, peer in answer(request, from: peer) })
        } catch {
            ready("control socket: \(error)")
            return 1
        }
        let summary = director.configuration.summary
        logger.notice(
            "starting with \(settings.configPath): \(summary)\(settings.testStart ? " (test start: nothing is applied to IPVS)" : "")"
        )
        if director.configuration.cluster.isActiveActive { letFlowsMoveBetweenDirectors() }
        perform(director.start(adopting: snapshot))
        saveOwnedServices()
        if let interval = settings.resyncInterval {
            loop.scheduleRepeating(every: interval) { [unowned self] in
                if !stopping { reconcileNow() }
            }
        }
        ready(nil)
        do {
            try loop.run()
        } catch {
            logger.critical("event loop failed: \(error)")
            return 1
        }
        return exitStatus
    }

    // MARK: Actions

    private func perform(_ actions: [DirectorAction]) {
        for action in actions {
            switch action {
            case .log(let level, let text):
                logger.log(level: level, "\(text)")
            case .reconcile:
                scheduleReconcile()
            case .startNanny(let key, let launch):
                if !stopping { supervisor.start(key, launch) }
            case .stopNanny(let key):
                supervisor.stop(key)
            case .restartNanny(let key, let launch):
                if !stopping { supervisor.replace(key, with: launch) }
            }
        }
    }

    /// Reconciles once at the end of this loop turn, however many reports asked for it.
    private func scheduleReconcile() {
        guard !reconcileScheduled, !stopping else { return }
        reconcileScheduled = true
        loop.schedule(after: .zero) { [unowned self] in
            reconcileScheduled = false
            if !stopping { reconcileNow() }
        }
    }

    private func reconcileNow() {
        let director = self.director
        let outcome = writer.reconcile(
            director.target(), owned: director.ownedServices, table: &table, describe: director.describe)
        if let snapshot = outcome.snapshot, self.director.observe(snapshot) { saveOwnedServices() }
        reportReadiness()
    }

    /// Tells `--ready-fd` how ready the table is whenever that changes, once the table holds the
    /// outcome: `checking N` while N real servers await their first check, `ready` once none does.
    /// A reader that went away (pulse) is not written to again.
    ///
    /// Active-active directors (`cluster_mode = bgp`) also write `up VIP N` whenever the number
    /// of real servers available on a VIP changes: pulse announces a VIP only while it has one.
    private func reportReadiness() {
        guard let descriptor = readyDescriptor else { return }
        let awaiting = director.awaitingFirstCheck
        let line = awaiting == 0 ? "ready" : "checking \(awaiting)"
        var lines: [String] = []
        if director.configuration.cluster.isActiveActive {
            let available = director.realServersAvailable()
            for (vip, count) in available.sorted(by: { $0.key < $1.key }) where lastAvailable[vip] != count {
                lines.append("up \(vip) \(count)")
            }
            for vip in lastAvailable.keys.sorted() where available[vip] == nil { lines.append("up \(vip) 0") }
            lastAvailable = available
        }
        if line != lastReadiness { lines.append(line) }
        guard !lines.isEmpty else { return }
        lastReadiness = line
        do {
            try descriptor.writeAll(Array(lines.map { $0 + "\n" }.joined().utf8))
            if awaiting == 0, lines.last == line {
                logger.info("every real server checked once: told --ready-fd \(descriptor.rawValue)")
            }
        } catch {
            logger.info(
                "--ready-fd \(descriptor.rawValue) no longer read (\(error)); readiness is not reported any more")
            descriptor.closeQuietly()
            readyDescriptor = nil
        }
    }

    /// `sloppy_tcp` and `sloppy_sctp` on: the routers may move a flow to this director mid-way.
    private func letFlowsMoveBetweenDirectors() {
        guard !settings.testStart else { return }
        let sysctl = IPVSSysctl()
        for (name, value) in IPVSSysctl.flowsMayMoveBetweenDirectors {
            do {
                try sysctl.set(name, to: value)
                logger.info(
                    "cluster_mode = bgp: net.ipv4.vs.\(name) = \(value), so flows moved here by the routers are scheduled"
                )
            } catch {
                logger.error(
                    "cluster_mode = bgp: cannot set net.ipv4.vs.\(name) = \(value): \(error); connections moved here from another director will be dropped"
                )
            }
        }
    }

    // MARK: Reload

    /// Re-reads lvs.cf: a broken file is rejected with its diagnostics and the running state
    /// stays; a valid one is applied by difference. Returns what happened, for the requester.
    private func reload(requestedBy requester: String) -> Result<String, ReloadRejection> {
        guard !stopping else { return .failure(ReloadRejection(message: "lvsd is stopping")) }
        let path = settings.configPath
        logger.notice("reloading \(path) (\(requester))")
        let parsed: LVSConfigParseResult
        do {
            parsed = LVSConfigParser().parse(try LVSConfigFile.read(path), file: path)
        } catch {
            logger.error("reload rejected, the running configuration stays: \(error)")
            return .failure(ReloadRejection(message: "reload rejected: \(error)"))
        }
        if parsed.hasErrors {
            for diagnostic in parsed.errors { logger.error("\(diagnostic)") }
            let count = parsed.errorCount == 1 ? "1 error" : "\(parsed.errorCount) errors"
            logger.error("reload rejected: \(path) has \(count); the running configuration stays")
            let lines = parsed.errors.map(\.description).joined(separator: "\n")
            return .failure(
                ReloadRejection(
                    message: "reload rejected: \(path) has \(count); the running configuration stays\n\(lines)"))
        }
        for diagnostic in parsed.warnings { logger.warning("\(diagnostic)") }
        if parsed.config.cluster.isActiveActive { letFlowsMoveBetweenDirectors() }
        perform(director.reload(parsed.config, at: loop.now))
        configurationLoadedAt = WallClock.now
        saveOwnedServices()
        reconcileNow()
        return .success("reloaded \(path): \(parsed.config.summary)")
    }

    // MARK: Nannies

    private func nannyGaveUp(_ key: RealServerKey, _ reason: String) {
        if director.configuration.hardShutdown {
            logger.critical("\(director.label(key)): \(reason); hard_shutdown = 1, so lvsd stops (pulse fails over)")
            shutdown(reason: "a nanny could not be kept running", status: 1)
        } else {
            perform(director.nannyAbandoned(key, reason: reason, at: loop.now))
            supervisor.retry(key, after: settings.backoff.maximumDelay)
        }
    }

    // MARK: Control socket

    private func answer(_ request: LVSDRequest, from peer: ControlPeer) -> ControlResponse<LVSDStatus> {
        switch request {
        case .status:
            return .success(
                StatusReport.make(
                    director: director, table: table, now: loop.now, configurationLoadedAt: configurationLoadedAt))
        case .drain(let selector):
            do {
                let (message, actions) = try director.drain(address: selector.address, port: selector.port)
                logger.notice("drain of \(selector) requested by \(peer)")
                perform(actions)
                reconcileNow()
                return .done(message)
            } catch {
                return .failure(error.description)
            }
        case .enable(let selector):
            do {
                let (message, actions) = try director.enable(address: selector.address, port: selector.port)
                logger.notice("enable of \(selector) requested by \(peer)")
                perform(actions)
                reconcileNow()
                return .done(message)
            } catch {
                return .failure(error.description)
            }
        case .reload:
            switch reload(requestedBy: "control request from \(peer)") {
            case .success(let message): return .done(message)
            case .failure(let rejection): return .failure(rejection.message)
            }
        }
    }

    // MARK: Stopping

    private func shutdown(reason: String, status: Int32) {
        guard !stopping else { return }
        stopping = true
        exitStatus = status
        logger.notice(
            "stopping (\(reason)): stopping \(supervisor.count == 1 ? "1 nanny" : "\(supervisor.count) nannies")")
        control?.close()
        control = nil
        supervisor.stopAll { [unowned self] in finishShutdown() }
    }

    private func finishShutdown() {
        forkServer?.stop()
        if settings.keepTable {
            logger.notice("leaving the IPVS table as it is (--keep-table): a restarted lvsd adopts it")
        } else {
            let director = self.director
            let outcome = writer.reconcile(
                director.shutdownTarget(), owned: director.ownedServices, table: &table, describe: director.describe)
            if outcome.succeeded {
                self.director.forgetUnnamedServices()
                removeOwnedRecord()
            }
        }
        logger.notice("stopped")
        loop.stop()
    }

    // MARK: Owned services

    private func saveOwnedServices() {
        guard !settings.testStart else { return }
        let text = OwnedServicesRecord.encode(director.ownedServices)
        do {
            try AtomicFile.write(Array(text.utf8), to: settings.ownedRecordPath)
        } catch {
            logger.error("recording the owned services in \(settings.ownedRecordPath): \(error)")
        }
    }

    private func removeOwnedRecord() {
        guard !settings.testStart else { return }
        if unlink(settings.ownedRecordPath) != 0 && errno != ENOENT {
            logger.warning("removing \(settings.ownedRecordPath): \(SystemCallError.describe(errno: errno))")
        }
    }
}
