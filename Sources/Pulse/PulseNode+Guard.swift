import DaemonSupport
import Heartbeat
import Interfaces

extension PulseNode {
    /// The guard's limit for the settings in force.

    /// Starts the VIP guard (``VIPGuard``), when there is a partner and none runs.
    func startVIPGuard() { carryOut(guardSupervision.handle(.start)) }

    /// Replaces the guard (after a reload changed the VIPs or the timing).
    func replaceVIPGuard() { carryOut(guardSupervision.handle(.replace)) }

    /// Ends the guard for good (pulse is stopping and lets go of the VIPs itself).
    func endVIPGuard() { carryOut(guardSupervision.handle(.end)) }

    private func carryOut(_ actions: [VIPGuardSupervision.Action]) {
        for action in actions {
            switch action {
            case .spawn:
                spawnVIPGuard()
            case .kill(let pid):
                _ = try? reaper.send(.kill, to: pid)
            case .restart(let delay):
                loop.schedule(after: delay) { [unowned self] in startVIPGuard() }
            case .log(let level, let message):
                logger.log(level: level, "\(message)")
            }
        }
    }

    /// Spawns the guard of the configured VIPs and hands the heartbeat thread its pipe.
    private func spawnVIPGuard() {
        guard let launch = options.vipGuard else { return }
        let limit = guardLimit
        let arguments = launch.arguments(addresses: settings.virtualAddresses, limit: limit)
        let spec = ChildProcessSpec(
            executable: launch.executable, arguments: arguments, argumentZero: "pulse", standardInput: .pipe)
        let spawned: SpawnedProcess
        do {
            spawned = try reaper.spawn(spec) { [unowned self] exit in
                carryOut(guardSupervision.handle(.exited(exit.pid, how: "\(exit.status)")))
            }
        } catch {
            return carryOut(guardSupervision.handle(.spawnFailed("\(error)")))
        }
        guard let pipe = spawned.standardInput else { return }
        core.commands.post(.attachGuard(pipe, limit: limit))
        carryOut(guardSupervision.handle(.spawned(spawned.pid, limit: limit)))
    }
}
