import DaemonSupport
import Heartbeat
import Glibc
import Interfaces

extension PulseNode {
    /// The guard's limit for the settings in force.
    var guardLimit: Duration { VIPGuardWatch.limit(keepalive: settings.keepalive, deadtime: settings.deadtime) }

    /// Starts the VIP guard (``VIPGuard``) of the configured VIPs, and hands the heartbeat thread
    /// its pipe. Only with a partner: alone, nobody else would bring the VIPs up.
    func startVIPGuard() {
        guard let launch = options.vipGuard, settings.peer != nil, !exiting, guardPID == nil else { return }
        let addresses = settings.virtualAddresses
        let limit = guardLimit
        let spec = ChildProcessSpec(
            executable: launch.executable, arguments: launch.arguments(addresses: addresses, limit: limit),
            argumentZero: "pulse", standardInput: .pipe)
        let spawned: SpawnedProcess
        do {
            spawned = try reaper.spawn(spec) { [unowned self] exit in vipGuardExited(exit) }
        } catch {
            logger.error("cannot start the VIP guard: \(error); trying again in \(Self.guardRestartDelay)")
            scheduleGuardRestart()
            return
        }
        guard let pipe = spawned.standardInput else { return }
        guardPID = spawned.pid
        core.commands.post(.attachGuard(pipe, limit: limit))
        logger.info(
            "VIP guard running (PID \(spawned.pid)): it takes the VIPs down if pulse ends or sends no heartbeat for \(limit)")
    }

    /// A guard's start again after it died or could not start.
    static var guardRestartDelay: Duration { .seconds(1) }

    /// Replaces the guard (after a reload changed the VIPs or the timing). The old one is killed
    /// (SIGKILL: it cannot take that for pulse's end and take the VIPs down); the new one starts
    /// once the old one is gone.
    func replaceVIPGuard() {
        guard let pid = guardPID else { return startVIPGuard() }
        guardReplacing = true
        _ = try? reaper.send(.kill, to: pid)
    }

    /// Ends the guard for good (pulse is stopping and lets go of the VIPs itself).
    func endVIPGuard() {
        guard let pid = guardPID else { return }
        _ = try? reaper.send(.kill, to: pid)
    }

    private func vipGuardExited(_ exit: ChildExit) {
        guard exit.pid == guardPID else { return }
        guardPID = nil
        if exiting { return }
        if guardReplacing {
            guardReplacing = false
            startVIPGuard()
            return
        }
        logger.error("the VIP guard (PID \(exit.pid)) \(exit.status); starting it again in \(Self.guardRestartDelay)")
        scheduleGuardRestart()
    }

    private func scheduleGuardRestart() {
        loop.schedule(after: Self.guardRestartDelay) { [unowned self] in startVIPGuard() }
    }
}
