import IPVS
import LVSConfig
import Logging
import Units

/// The IPVS sync daemon's role switches, one at a time. The kernel may take tens of seconds to
/// stop a sync thread; roles wanted meanwhile are coalesced, and only the last one wanted is
/// switched to next. Pure: roles wanted and switches finished in, switches to start and log
/// lines out.
public struct SyncDaemonRoleQueue: Sendable {
    /// What to do.
    public enum Action: Hashable, Sendable {
        /// Switch to the role (on the sync worker), then report ``finished(_:took:settings:)``.
        case switchTo(IPVSSyncDaemonRole, SyncDaemonSettings)
        /// Write a line to the log.
        case log(Logger.Level, String)
    }

    /// The role last wanted.
    public private(set) var wanted: IPVSSyncDaemonRole?
    /// The role being switched to, while a switch runs.
    public private(set) var switching: IPVSSyncDaemonRole?

    /// A queue with nothing wanted yet.
    public init() {}

    /// `role` is wanted; `settings` are the sync daemon's in force (nil with `syncdaemon = 0`:
    /// there is no sync daemon to switch).
    public mutating func want(_ role: IPVSSyncDaemonRole, settings: SyncDaemonSettings?) -> [Action] {
        guard settings != nil else { return [] }
        wanted = role
        if let switching {
            guard switching != role else { return [] }
            return [.log(.info, "sync daemon: switching to \(role) once the switch under way is done")]
        }
        return switchToWanted(settings)
    }

    /// The switch under way ended after `took`: its outcome for the log (a slow kernel is named),
    /// then the switch to the role wanted meanwhile, with the `settings` in force by then.
    public mutating func finished(
        _ result: Result<String, SyncDaemonSwitchError>, took: Duration, settings: SyncDaemonSettings?
    ) -> [Action] {
        let role = switching
        switching = nil
        let slow = took > .seconds(1) ? " (the kernel took \(took.millisecondsText) ms)" : ""
        var actions: [Action]
        switch result {
        case .success(let text): actions = [.log(.info, "\(text)\(slow)")]
        case .failure(let error): actions = [.log(.error, "\(error)\(slow)")]
        }
        if wanted != role { actions += switchToWanted(settings) }
        return actions
    }

    private mutating func switchToWanted(_ settings: SyncDaemonSettings?) -> [Action] {
        guard let role = wanted, let settings else { return [] }
        switching = role
        return [.switchTo(role, settings)]
    }
}
