import DaemonSupport
import Logging

/// Runs one nanny: wires a ``NannyStateMachine`` to its check, the loop's timers and signals,
/// and the report socket. It decides nothing itself.
///
/// Checks run every `interval` from the start of the previous one (one at a time, each bounded
/// by the same `interval`). SIGUSR1/SIGUSR2/SIGHUP go to the machine as administrator overrides;
/// SIGTERM/SIGINT and the report socket closing end the run. With a load monitor (`-U`), a
/// ``LoadQuery`` runs every `--load-period` while the server is up and past slow start.
public final class NannyRunner {
    /// Why ``run()`` returned.
    public enum Ending: Equatable, Sendable {
        /// A SIGTERM or SIGINT.
        case signal(Signal)
        /// lvsd went away (the report socket closed), with the reason.
        case lvsdGone(String)
        /// `--fos`: the failover service failed (or never answered); the fos daemon fails over.
        case serviceFailed(FailoverServiceWatch.Verdict)
    }

    private let options: NannyOptions
    private let check: any HealthCheck
    private let logger: Logger
    private let loop: EventLoop
    private let reaper: ChildReaper
    private var machine: NannyStateMachine
    private var channel: ReportChannel?
    private var running: (any RunningCheck)?
    private var nextCheck: EventLoop.TimerID?
    private var weightStep: (timer: EventLoop.TimerID, at: ContinuousClock.Instant)?
    private var ending: Ending?
    private let sweepsOrphans: Bool
    private let loadQuery: LoadQuery?
    private let loadPolicy: LoadWeightPolicy
    private var runningLoadQuery: (any RunningCheck)?
    /// `--fos`: the failover service's watch, instead of the machine's reports.
    private var serviceWatch: FailoverServiceWatch?

    /// A runner for `options`' server, checking with `check`. With `reportDescriptor`, reports go
    /// to lvsd over it; without, nanny only checks and logs. With `sweepsOrphans` (nanny, a
    /// subreaper), processes a check program leaves behind are ended after each check.
    public init(
        options: NannyOptions, check: any HealthCheck, reportDescriptor: FileDescriptor?,
        loop: EventLoop, reaper: ChildReaper, logger: Logger, sweepsOrphans: Bool = false
    ) throws(SystemCallError) {
        self.sweepsOrphans = sweepsOrphans
        self.options = options
        self.check = check
        self.logger = logger
        self.loop = loop
        self.reaper = reaper
        loadQuery = options.loadMonitor.arguments(for: options.server, timeout: options.interval).map {
            LoadQuery(arguments: $0, timeout: options.interval)
        }
        loadPolicy = LoadWeightPolicy(weight: options.weight, scale: options.scale)
        machine = NannyStateMachine(
            .init(
                server: options.serverName, weight: options.weight, reentry: options.reentry,
                slowStartStep: options.slowStartStep, riseFall: options.riseFall))
        if options.failoverService { serviceWatch = FailoverServiceWatch(fall: options.riseFall.fall) }
        if let reportDescriptor {
            channel = try ReportChannel(descriptor: reportDescriptor, loop: loop) { [unowned self] reason in
                finish(.lvsdGone(reason))
            }
        }
    }

    /// Runs until a stop signal or until lvsd goes away.
    public func run() throws(SystemCallError) -> Ending {
        for signal in [Signal.terminate, .interrupt] {
            try loop.handle(signal) { [unowned self] info in finish(.signal(info.signal)) }
        }
        try loop.handle(.user1) { [unowned self] _ in override { machine.forceDown(at: $0) } }
        try loop.handle(.user2) { [unowned self] _ in override { machine.forceUp(at: $0) } }
        try loop.handle(.hangup) { [unowned self] _ in override { machine.resumeChecking(at: $0) } }

        var start =
            "monitoring \(options.serverName): \(check.summary), every \(NannyStateMachine.seconds(options.interval))"
        if let rise = options.riseFall.rise {
            start += ", rise \(rise)"
        } else {
            start += ", reentry \(NannyStateMachine.seconds(options.reentry))"
        }
        if options.riseFall.fall > 1 { start += ", fall \(options.riseFall.fall)" }
        start += ", weight \(options.weight)"
        if let virtualAddress = options.virtualAddress {
            start += ", virtual server \(virtualAddress.bracketedDescription):\(options.port)"
        }
        if let mark = options.firewallMark { start += ", fwmark \(mark)" }
        if let loadQuery {
            start +=
                ", load by \"\(loadQuery.commandText)\" every \(NannyStateMachine.seconds(options.loadPeriod)) (weight \(loadPolicy.weight) to \(loadPolicy.ceiling))"
        }
        if serviceWatch != nil {
            start += " (failover service: exits when it fails, so that the director fails over)"
        } else if channel == nil {
            start += " (no --report-fd: checking and logging only)"
        }
        logger.info("\(start)")

        startCheck()
        if loadQuery != nil {
            loop.scheduleRepeating(every: options.loadPeriod) { [unowned self] in queryLoad() }
        }
        while ending == nil {
            try loop.run()
        }
        running?.cancel()
        running = nil
        runningLoadQuery?.cancel()
        runningLoadQuery = nil
        sweepOrphans()
        channel?.flush(timeout: .seconds(1))
        return ending!
    }

    /// Ends what checks left behind and re-parented to nanny (see ``OrphanSweeper``): only when
    /// nanny is a subreaper (`main` makes it one), so a check run in another process (a test)
    /// never touches that process's other children.
    private func sweepOrphans() {
        guard sweepsOrphans else { return }
        let killed = OrphanSweeper.killAdopted(except: Set(reaper.runningPIDs))
        if killed > 0 { logger.debug("ended \(killed) process\(killed == 1 ? "" : "es") a check program left behind") }
    }

    private func finish(_ reason: Ending) {
        if ending == nil { ending = reason }
        loop.stop()
    }

    private func override(_ event: (ContinuousClock.Instant) -> [NannyAction]) {
        // A check or load query in flight belongs to the old mode; drop it.
        running?.cancel()
        running = nil
        runningLoadQuery?.cancel()
        runningLoadQuery = nil
        if let nextCheck { loop.cancel(nextCheck) }
        nextCheck = nil
        apply(event(loop.now))
    }

    private func startCheck() {
        guard machine.isChecking, running == nil, ending == nil else { return }
        if let nextCheck { loop.cancel(nextCheck) }
        nextCheck = nil
        let started = loop.now
        running = check.start(CheckContext(loop: loop, reaper: reaper, timeout: options.interval)) {
            [unowned self] result in
            running = nil
            sweepOrphans()
            logger.debug("check \(result)")
            if serviceWatch != nil {
                watchService(result)
            } else {
                apply(machine.checkCompleted(result, at: loop.now))
                if machine.isChecking { channel?.send(.checkDuration(loop.now - started)) }
            }
            guard ending == nil else { return }
            guard machine.isChecking else { return }
            nextCheck = loop.schedule(at: max(started + options.interval, loop.now)) { [unowned self] in
                nextCheck = nil
                startCheck()
            }
        }
    }

    /// `--fos`: one check of the failover service; a verdict ends the run.
    private func watchService(_ result: CheckResult) {
        guard var watch = serviceWatch else { return }
        let (verdict, note) = watch.checkCompleted(result)
        serviceWatch = watch
        if let note { logger.info("\(options.serverName) \(note)") }
        if let verdict { finish(.serviceFailed(verdict)) }
    }

    /// Asks the server for its load (one query at a time, bounded by the check interval) and
    /// lets the machine move the weight. A failed query keeps the weight and is only logged:
    /// load monitoring never takes a server out.
    private func queryLoad() {
        guard let loadQuery, runningLoadQuery == nil, ending == nil, machine.loadAdjustableWeight != nil else { return }
        runningLoadQuery = loadQuery.start(loop: loop, reaper: reaper) { [unowned self] result in
            runningLoadQuery = nil
            sweepOrphans()
            guard let current = machine.loadAdjustableWeight else { return }
            switch result {
            case .success(let load):
                apply(machine.loadMeasured(load, policy: loadPolicy))
            case .failure(let failure):
                logger.warning("\(options.serverName): \(failure); keeping weight \(current)")
            }
        }
    }

    private func apply(_ actions: [NannyAction]) {
        for action in actions {
            switch action {
            case .report(let report):
                channel?.send(report)
            case .log(let level, let text):
                logger.log(level: level, "\(text)")
            case .checkNow:
                startCheck()
            }
        }
        syncWeightStep()
    }

    private func syncWeightStep() {
        let wanted = machine.nextWeightStep
        if weightStep?.at == wanted { return }
        if let weightStep { loop.cancel(weightStep.timer) }
        weightStep = nil
        guard let wanted else { return }
        let timer = loop.schedule(at: wanted) { [unowned self] in
            weightStep = nil
            apply(machine.weightStepDue(at: loop.now))
        }
        weightStep = (timer, wanted)
    }
}
