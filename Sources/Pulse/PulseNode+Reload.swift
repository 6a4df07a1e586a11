import DaemonSupport
import Heartbeat

extension PulseNode {
    /// A reload read and waiting to be applied, and who waits for its outcome.
    typealias PendingReload = (settings: PulseSettings, completion: (Result<String, PulseReloadError>) -> Void)

    /// Re-reads lvs.cf and applies what can be applied while running (``PulseReloadPlan``); a
    /// broken file changes nothing. Passes the reload on to lvsd. The file is read, parsed and its
    /// names resolved on the reload worker, never on the heartbeat loop (a silent DNS server held
    /// pulse for 10 s, and the peer took over); `completion` gets the outcome in one line, on the
    /// loop.
    func reload(trigger: String, completion: @escaping (Result<String, PulseReloadError>) -> Void) {
        logger.notice("\(trigger): re-reading \(options.configPath)")
        let path = options.configPath
        let role = settings.role
        let clusterAddress = settings.cluster?.ownAddress
        reloadWorker.submit({ _ in PulseConfigLoader.readForReload(path, role: role, clusterAddress: clusterAddress) })
        {
            [unowned self] (read: PulseConfigLoader.ReloadRead) in
            carryOut(read.logSteps)
            switch read.outcome {
            case .success(let fresh):
                if let next = reloads.add((fresh, completion), stopping: exiting) { apply(next) }
            case .failure(let error):
                completion(reject(error))
            }
        }
    }

    /// Applies a reload read (``ReloadQueue``: one at a time), then the next one waiting.
    private func apply(_ reload: PendingReload) {
        apply(reload.settings) { [unowned self] outcome in
            reload.completion(outcome)
            if let next = reloads.finished(stopping: exiting) { apply(next) }
        }
    }

    /// Applies settings read for a reload: the machine's new timing on the heartbeat thread (one
    /// step there, whatever the file's size), then, once it took them, the rest here.
    private func apply(_ fresh: PulseSettings, completion: @escaping (Result<String, PulseReloadError>) -> Void) {
        let plan = PulseReloadPlan(running: settings, loaded: fresh)
        let command: (UInt64) -> HeartbeatCommand
        do {
            if plan.settings.vrrp != nil {
                let configuration = try plan.settings.vrrpElectionConfiguration(forceActive: options.forceActive)
                guard let configuration, let vrrp = plan.settings.vrrp else { return }
                let filter = vrrp.filter(addresses: plan.settings.vrrpAddresses)
                command = { .reconfigureVRRP(configuration, filter, id: $0) }
            } else {
                let configuration = try plan.settings.failoverConfiguration(forceActive: options.forceActive)
                let timing = HeartbeatTiming(
                    keepalive: plan.settings.keepalive, deadtime: plan.settings.deadtime,
                    configSerial: plan.settings.configSerial)
                command = { .reconfigure(configuration, timing, id: $0) }
            }
        } catch {
            return completion(reject(PulseReloadError(reason: "\(options.configPath): \(error)")))
        }
        let id = requests.awaitReconfiguration { [unowned self] failure in
            if let failure { return completion(reject(PulseReloadError(reason: "\(options.configPath): \(failure)"))) }
            completion(.success(finishApplying(plan)))
        }
        core.commands.post(command(id))
    }

    /// The part of a reload that is not the heartbeats': VIPs, the VIP guard, the sync daemon,
    /// links, lvsd.
    private func finishApplying(_ plan: PulseReloadPlan) -> String {
        let running = settings
        settings = plan.settings
        carryOut(plan.steps(running: running, holdsVIPs: holdsVIPs))
        if let membership = settings.cluster { cluster?.reconfigure(membership) }
        updateCluster()
        let text = "reloaded \(options.configPath): " + plan.summary(lvsd: lvsd.reload())
        logger.notice("\(text)")
        return text
    }

    private func reject(_ error: PulseReloadError) -> Result<String, PulseReloadError> {
        logger.error("\(error)")
        return .failure(error)
    }
}
