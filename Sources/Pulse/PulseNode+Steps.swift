import DaemonSupport
import Heartbeat
import IPVS
import Interfaces
import Logging

extension PulseNode {
    /// Carries out `steps`, in order: each goes to its worker, process, thread or the log.
    func carryOut(_ steps: [PulseStep]) {
        for step in steps {
            switch step {
            case .changeVIPs(let change): changeVIPs(change)
            case .switchSyncDaemon(let role): switchSyncDaemon(to: role)
            case .startLVSD: lvsd.start()
            case .stopLVSD: lvsd.stop()
            case .finish: finish()
            case .recordHeld(let held):
                heldAddresses = held
                updateCluster()
            case .log(let level, let message): logger.log(level: level, "\(message)")
            case .report(let event): dispatch(event)
            case .run(let command, let key): run(command, as: key)
            case .replaceVIPGuard: replaceVIPGuard()
            case .restartLinkWatch: restartLinkWatch()
            }
        }
    }

    /// Carries `change` out on the address worker, then what follows from its outcome here.
    private func changeVIPs(_ change: VIPChange) {
        addressWorker.submit({ holder in holder.carryOut(change) }) { [unowned self] outcome in
            carryOut(change.followUp(outcome, settings: settings, holdsVIPs: holdsVIPs))
        }
    }

    /// Starts `command` (no shell) without waiting for it; its exit is logged.
    private func run(_ command: [String], as key: String) {
        guard let program = command.first else { return }
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

    /// Switches the IPVS sync daemon (when `syncdaemon = 1`) on its worker, one switch at a time
    /// (``SyncDaemonRoleQueue``).
    func switchSyncDaemon(to role: IPVSSyncDaemonRole) {
        carryOut(syncRoles.want(role, settings: settings.syncDaemon))
    }

    private func carryOut(_ actions: [SyncDaemonRoleQueue.Action]) {
        for action in actions {
            switch action {
            case .switchTo(let role, let sync):
                let started = loop.now
                syncWorker.submit({ control in control.switchTo(role, settings: sync) }) {
                    [unowned self] (result: Result<String, SyncDaemonSwitchError>) in
                    carryOut(syncRoles.finished(result, took: loop.now - started, settings: settings.syncDaemon))
                }
            case .log(let level, let message):
                logger.log(level: level, "\(message)")
            }
        }
    }
}
