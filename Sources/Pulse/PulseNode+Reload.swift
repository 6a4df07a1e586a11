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

    /// The part of a reload that is not the heartbeats': VIPs, the VIP guard, the sync daemon,
    /// links, lvsd.
    private func finishApplying(_ plan: PulseReloadPlan) -> String {
        let running = settings
        settings = plan.settings
        carryOut(plan.steps(running: running, holdsVIPs: holdsVIPs))
        let text = "reloaded \(options.configPath): " + plan.summary(lvsd: lvsd.reload())
        logger.notice("\(text)")
        return text
    }

    private func reject(_ reason: String) -> Result<String, PulseReloadError> {
        logger.error("reload rejected, keeping the running configuration: \(reason)")
        return .failure(PulseReloadError(reason: reason))
    }
}

/// A reload that was refused; the running configuration stays.
public struct PulseReloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, naming the file and the first problem.
    public let reason: String
    public var description: String { "reload rejected, keeping the running configuration: \(reason)" }
}
