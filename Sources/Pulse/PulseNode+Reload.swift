import DaemonSupport
import Heartbeat
import IPVS

extension PulseNode {
    /// What the reload worker read: lines for the log (the file's warnings, or its errors), and
    /// the settings the file gives or why it cannot be used.
    struct ReadConfiguration: Sendable {
        var warnings: [String] = []
        var errors: [String] = []
        var outcome: Result<PulseSettings, PulseReloadError>
    }

    /// Re-reads lvs.cf and applies what can be applied while running (``PulseReloadPlan``); a
    /// broken file changes nothing. Passes the reload on to lvsd. The file is read, parsed and its
    /// names resolved on the reload worker, never on the heartbeat loop (a silent DNS server held
    /// pulse for 10 s, and the peer took over); `completion` gets the outcome in one line, on the
    /// loop.
    func reload(trigger: String, completion: @escaping (Result<String, PulseReloadError>) -> Void) {
        logger.notice("\(trigger): re-reading \(options.configPath)")
        let path = options.configPath
        // The role stays as pulse started with it (only a restart changes it), so the reload asks
        // the kernel nothing.
        let role = settings.role
        reloadWorker.submit({ _ -> ReadConfiguration in
            let loaded: PulseConfigLoader.Loaded
            do throws(PulseConfigError) {
                loaded = try PulseConfigLoader.load(path)
            } catch {
                return ReadConfiguration(errors: error.lines, outcome: .failure(PulseReloadError(reason: "\(error)")))
            }
            let warnings = loaded.warnings.map(\.description)
            do {
                return ReadConfiguration(warnings: warnings, outcome: .success(try PulseSettings(config: loaded.config, role: role)))
            } catch {
                return ReadConfiguration(warnings: warnings, outcome: .failure(PulseReloadError(reason: "\(path): \(error)")))
            }
        }) { [unowned self] (read: ReadConfiguration) in
            for line in read.errors { logger.error("\(line)") }
            for warning in read.warnings { logger.warning("\(warning)") }
            switch read.outcome {
            case .success(let fresh):
                pendingReloads.append((fresh, completion))
                applyNextReload()
            case .failure(let error): completion(reject(error.reason))
            }
        }
    }

    /// Applies the next reload read, once the one before is done (each plan compares with the
    /// settings the one before left).
    private func applyNextReload() {
        guard !applyingReload, !exiting, !pendingReloads.isEmpty else { return }
        let (fresh, completion) = pendingReloads.removeFirst()
        applyingReload = true
        apply(fresh) { [unowned self] outcome in
            applyingReload = false
            completion(outcome)
            applyNextReload()
        }
    }

    /// Applies settings read for a reload: the machine's new timing on the heartbeat thread (one
    /// step there, whatever the file's size), then, once it took them, the rest here.
    private func apply(_ fresh: PulseSettings, completion: @escaping (Result<String, PulseReloadError>) -> Void) {
        let plan = PulseReloadPlan(running: settings, loaded: fresh)
        let configuration: FailoverConfiguration
        do {
            configuration = try plan.settings.failoverConfiguration(forceActive: options.forceActive)
        } catch {
            return completion(reject("\(options.configPath): \(error)"))
        }
        let id = requestID()
        reconfigureWaiters[id] = { [unowned self] failure in
            if let failure { return completion(reject("\(options.configPath): \(failure)")) }
            completion(.success(finishApplying(plan)))
        }
        let timing = HeartbeatTiming(
            keepalive: plan.settings.keepalive, deadtime: plan.settings.deadtime, configSerial: plan.settings.configSerial)
        core.commands.post(.reconfigure(configuration, timing, id: id))
    }

    /// The part of a reload that is not the heartbeats': VIPs, the sync daemon, links, lvsd.
    private func finishApplying(_ plan: PulseReloadPlan) -> String {
        let previous = settings
        settings = plan.settings
        for note in settings.notes where !previous.notes.contains(note) { logger.warning("\(note)") }
        applyAddressChanges(plan)
        if previous.virtualAddresses != settings.virtualAddresses || previous.keepalive != settings.keepalive
            || previous.deadtime != settings.deadtime
        {
            replaceVIPGuard()
        }
        if previous.syncDaemon != settings.syncDaemon {
            switchSyncDaemon(to: holdsVIPs ? .master : .backup)
        }
        if previous.monitorLinks != settings.monitorLinks {
            if let linkTimer { loop.cancel(linkTimer) }
            linkTimer = nil
            linkWatch = nil
            startLinkWatch()
        }
        for change in plan.applied { logger.notice("reload applied: \(change)") }
        for change in plan.needsRestart {
            logger.warning("reload: \(change) needs a restart of pulse (on both directors); still running with the old value")
        }
        var summary = plan.changesNothing ? "no change" : plan.applied.isEmpty ? "nothing applied" : plan.applied.joined(separator: "; ")
        if !plan.needsRestart.isEmpty {
            summary += "; needs a restart: " + plan.needsRestart.joined(separator: "; ")
        }
        if let passed = lvsd.reload() { summary += "; " + passed }
        logger.notice("reloaded \(options.configPath): \(summary)")
        return "reloaded \(options.configPath): \(summary)"
    }

    private func reject(_ reason: String) -> Result<String, PulseReloadError> {
        logger.error("reload rejected, keeping the running configuration: \(reason)")
        return .failure(PulseReloadError(reason: reason))
    }

    /// VIPs the file dropped come down; new ones come up and are announced when this director
    /// holds the VIPs (on the address worker, in order with every other VIP change).
    private func applyAddressChanges(_ plan: PulseReloadPlan) {
        let removed = plan.removedAddresses
        let added = holdsVIPs ? plan.addedAddresses : []
        let addedInterfaces = Set(plan.addedAddresses.map(\.interface))
        let forget = removed.contains { !addedInterfaces.contains($0.interface) }
        let announce = settings.gratuitousARP.count > 0
        guard !removed.isEmpty || !added.isEmpty else { return }
        addressWorker.submit({ holder in
            var failures = removed.isEmpty ? [] : holder.takeDown(removed).failures
            if forget { holder.forgetAnnouncers() }
            failures += holder.bringUp(added)
            let announceFailures = announce && !added.isEmpty ? holder.announce(added) : []
            return AddressChange(held: holder.held, failures: failures, announceFailures: announceFailures)
        }) { [unowned self] change in
            heldAddresses = change.held
            for failure in change.failures { logger.error("\(failure)") }
            for failure in change.announceFailures { logger.warning("gratuitous ARP (reload round): \(failure)") }
        }
    }
}

/// A reload that was refused; the running configuration stays.
public struct PulseReloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, naming the file and the first problem.
    public let reason: String
    public var description: String { "reload rejected, keeping the running configuration: \(reason)" }
}
