import DaemonSupport
import Heartbeat
import IPVS

extension PulseNode {
    /// Re-reads lvs.cf and applies what can be applied while running (``PulseReloadPlan``); a
    /// broken file changes nothing. Passes the reload on to lvsd. Returns the outcome in one line.
    func reload(trigger: String) -> Result<String, PulseReloadError> {
        logger.notice("\(trigger): re-reading \(options.configPath)")
        let loaded: PulseConfigLoader.Loaded
        do {
            loaded = try PulseConfigLoader.load(options.configPath)
        } catch {
            for line in error.lines { logger.error("\(line)") }
            return reject("\(error)")
        }
        for warning in loaded.warnings { logger.warning("\(warning)") }
        let fresh: PulseSettings
        do {
            let role = try PulseSettings.role(in: loaded.config) { try holder.interface(holding: $0) != nil }
            fresh = try PulseSettings(config: loaded.config, role: role)
        } catch {
            return reject("\(options.configPath): \(error)")
        }
        let plan = PulseReloadPlan(running: settings, loaded: fresh)
        let wake: [FailoverAction]
        do {
            let configuration = try plan.settings.failoverConfiguration(forceActive: options.forceActive)
            wake = try machine.reconfigure(configuration, at: loop.now)
        } catch {
            return reject("\(options.configPath): \(error)")
        }
        let previous = settings
        settings = plan.settings
        for note in settings.notes where !previous.notes.contains(note) { logger.warning("\(note)") }
        receiver?.deadtime = settings.deadtime
        sender?.configSerial = settings.configSerial
        applyAddressChanges(plan)
        if previous.syncDaemon != settings.syncDaemon {
            switchSyncDaemon(to: machine.state.holdsVIPs ? .master : .backup)
        }
        if previous.monitorLinks != settings.monitorLinks {
            if let linkTimer { loop.cancel(linkTimer) }
            linkTimer = nil
            linkWatch = nil
            startLinkWatch()
        }
        for action in wake { perform(action) }
        for change in plan.applied { logger.notice("reload applied: \(change)") }
        for change in plan.needsRestart {
            logger.warning("reload: \(change) needs a restart of pulse (on both directors); still running with the old value")
        }
        var summary = plan.changesNothing ? "no change" : plan.applied.isEmpty ? "nothing applied" : plan.applied.joined(separator: "; ")
        if !plan.needsRestart.isEmpty {
            summary += "; needs a restart: " + plan.needsRestart.joined(separator: "; ")
        }
        if let pid = lvsdPID {
            do {
                _ = try reaper.send(.hangup, to: pid)
                summary += "; lvsd reloads"
            } catch {
                logger.error("passing the reload to lvsd (PID \(pid)): \(error)")
                summary += "; passing it to lvsd failed: \(error)"
            }
        }
        logger.notice("reloaded \(options.configPath): \(summary)")
        return .success("reloaded \(options.configPath): \(summary)")
    }

    private func reject(_ reason: String) -> Result<String, PulseReloadError> {
        logger.error("reload rejected, keeping the running configuration: \(reason)")
        return .failure(PulseReloadError(reason: reason))
    }

    /// VIPs the file dropped come down; new ones come up and are announced when this director
    /// holds the VIPs.
    private func applyAddressChanges(_ plan: PulseReloadPlan) {
        if !plan.removedAddresses.isEmpty {
            for failure in holder.takeDown(plan.removedAddresses).failures { logger.error("\(failure)") }
        }
        if plan.removedAddresses.contains(where: { old in !plan.addedAddresses.contains { $0.interface == old.interface } }) {
            holder.forgetAnnouncers()
        }
        guard machine.state.holdsVIPs, !plan.addedAddresses.isEmpty else { return }
        for failure in holder.bringUp(plan.addedAddresses) { logger.error("\(failure)") }
        if settings.gratuitousARP.count > 0 { announce(plan.addedAddresses, round: "reload") }
    }
}

/// A reload that was refused; the running configuration stays.
public struct PulseReloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, naming the file and the first problem.
    public let reason: String
    public var description: String { "reload rejected, keeping the running configuration: \(reason)" }
}
