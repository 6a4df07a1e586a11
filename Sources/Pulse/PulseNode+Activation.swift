import DaemonSupport
import Heartbeat
import IPVS
import Interfaces
import Logging

extension PulseNode {
    /// `.activate`, in the order that gets the VIPs answering soonest: VIPs up and the first
    /// gratuitous ARPs, then `active_cmd`, lvsd and the sync daemon. Reports the outcome to the
    /// state machine.
    func activate() {
        let started = loop.now
        var problems: [String] = []
        let failures = holder.bringUp(settings.virtualAddresses)
        problems += failures.map(\.description)
        if settings.gratuitousARP.count > 0 {
            announce(holder.held, round: "first")
        }
        let elapsed = loop.now - started
        let announced = settings.gratuitousARP.count > 0 ? ", announced" : ""
        logger.notice("VIPs up: \(Self.list(holder.held))\(announced) (\(Self.milliseconds(elapsed)) ms)")
        for failure in failures { logger.error("\(failure)") }
        run(settings.activeCommand, as: "active_cmd")
        if options.startsLVSD, let problem = startLVSD() { problems.append(problem) }
        switchSyncDaemon(to: .master)
        dispatch(problems.isEmpty ? .activationFinished : .activationFailed(problems.joined(separator: "; ")))
    }

    /// `.prepareAndActivate`: lvsd first and the VIPs once its first health checks are in (or at
    /// the preparation limit), so that a planned hand-over moves them to a table that can serve.
    func prepareAndActivate() {
        guard options.startsLVSD, lvsdPID == nil, lvsdStopping.isEmpty else { return activate() }
        let pipe: (read: FileDescriptor, write: FileDescriptor)
        do {
            pipe = try FileDescriptor.pipe(nonBlocking: true)
        } catch {
            logger.error("lvsd's readiness pipe: \(error); activating without waiting for its checks")
            return activate()
        }
        let problem = startLVSD(readiness: pipe.write)
        pipe.write.close()
        guard problem == nil, lvsdPID != nil else {
            pipe.read.close()
            return activate()
        }
        let limit = machine.configuration.preparationLimit
        let watch = loop.watch(pipe.read, for: .readable) { [unowned self] _ in lvsdReadinessReadable() }
        let timer = loop.schedule(after: limit) { [unowned self] in
            finishPreparation("lvsd's first health checks not all in within \(limit): activating anyway", .warning)
        }
        preparation = Preparation(started: loop.now, pipe: pipe.read, watch: watch, timer: timer)
    }

    /// lvsd wrote on its readiness pipe, or closed it (it exited: its exit is reported apart).
    private func lvsdReadinessReadable() {
        guard let preparation else { return }
        let bytes: [UInt8]
        do {
            guard let read = try preparation.pipe.read(upTo: 64) else { return }  // nothing yet
            bytes = read
        } catch {
            bytes = []
        }
        guard !bytes.isEmpty else {
            loop.unwatch(preparation.watch)  // the limit's timer still runs
            return
        }
        let elapsed = Self.milliseconds(loop.now - preparation.started)
        finishPreparation("lvsd's first health checks are in (\(elapsed) ms after it started)", .notice)
    }

    /// Ends the wait for lvsd and activates.
    private func finishPreparation(_ note: String, _ level: Logger.Level) {
        guard cancelPreparation() else { return }
        logger.log(level: level, "\(note)")
        activate()
    }

    /// Drops a pending preparation; returns whether there was one.
    @discardableResult
    func cancelPreparation() -> Bool {
        guard let pending = preparation else { return false }
        preparation = nil
        loop.unwatch(pending.watch)
        loop.cancel(pending.timer)
        pending.pipe.close()
        return true
    }

    /// `.deactivate`: VIPs down first (the peer already announces them, or will at once), then
    /// `inactive_cmd`, the sync daemon back to backup, and lvsd stopped (without waiting on the loop).
    func deactivate() {
        if cancelPreparation() {
            logger.notice("activation cancelled while lvsd ran its first health checks")
            // The machine counts the activation it asked for until it hears its outcome.
            dispatch(.activationFailed("cancelled before the VIPs were brought up"))
        }
        let held = holder.held
        let failures = holder.takeDown(held + settings.virtualAddresses.filter { !held.contains($0) }).failures
        logger.notice("VIPs down: \(Self.list(held))")
        for failure in failures { logger.error("\(failure)") }
        run(settings.inactiveCommand, as: "inactive_cmd")
        switchSyncDaemon(to: .backup)
        stopLVSD()
    }

    /// The inactive start Piranha makes: VIPs a killed pulse may have left behind are removed (so
    /// they are never on both directors), `inactive_cmd` runs and the sync daemon is a backup.
    func standBy() {
        let (removed, failures) = holder.takeDown(settings.virtualAddresses)
        if !removed.isEmpty {
            logger.warning("removed VIPs left behind by an earlier run: \(Self.list(removed))")
        }
        for failure in failures { logger.error("\(failure)") }
        run(settings.inactiveCommand, as: "inactive_cmd")
        switchSyncDaemon(to: .backup)
    }

    /// One round of announcements for `addresses`.
    func announce(_ addresses: [VirtualAddress], round: String) {
        guard !addresses.isEmpty else { return }
        for failure in holder.announce(addresses) {
            logger.warning("gratuitous ARP (\(round) round): \(failure)")
        }
        logger.debug("gratuitous ARP \(round) round for \(Self.list(addresses))")
    }

    /// Starts `command` (no shell) without waiting for it; its exit is logged.
    func run(_ command: [String]?, as key: String) {
        guard let command, let program = command.first else { return }
        let spec = ChildProcessSpec(executable: program, arguments: Array(command.dropFirst()))
        do {
            let spawned = try reaper.spawn(spec) { [logger] exit in
                if exit.status.isSuccess {
                    logger.info("\(key) finished: \(spec.commandLine)")
                } else {
                    logger.warning("\(key) \(exit.status): \(spec.commandLine)")
                }
            }
            logger.info("running \(key): \(spec.commandLine)", metadata: ["pid": "\(spawned.pid)"])
        } catch {
            logger.error("cannot run \(key) \(spec.commandLine): \(error)")
        }
    }

    /// Switches the IPVS sync daemon (when `syncdaemon = 1`), logging what it did.
    func switchSyncDaemon(to role: IPVSSyncDaemonRole) {
        guard let sync = settings.syncDaemon else { return }
        switch syncDaemon.switchTo(role, settings: sync) {
        case .success(let text): logger.info("\(text)")
        case .failure(let error): logger.error("\(error)")
        }
    }

    static func list(_ addresses: [VirtualAddress]) -> String {
        addresses.isEmpty ? "none" : addresses.map(\.description).joined(separator: ", ")
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(Double(Int((value * 100).rounded())) / 100)
    }
}
