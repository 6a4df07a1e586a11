import IPVS
import LVSConfig
import Logging

/// What switches the IPVS connection-sync daemon. The kernel may take long to stop a sync thread
/// (tens of seconds have been seen), so pulse calls it on a worker thread, never on its loop.
public protocol SyncDaemonControl: AnyObject {
    /// Makes the sync daemon a `role` one; returns what was done, for the log.
    func switchTo(_ role: IPVSSyncDaemonRole, settings: SyncDaemonSettings) -> Result<String, SyncDaemonSwitchError>
}

/// Switches the kernel's IPVS connection-sync daemon between master (on the active director) and
/// backup (on the other), as Piranha did with `ipvsadm --stop-daemon` / `--start-daemon`, but
/// over the IPVS library's netlink client.
public final class SyncDaemonSwitch: SyncDaemonControl {
    private var client: IPVSClient?
    private let logger: Logger

    /// A switch that opens its IPVS connection on first use (a director without `syncdaemon = 1`
    /// never needs one).
    public init(logger: Logger) {
        self.logger = logger
    }

    /// The operations that leave exactly one daemon running, in `role`: both stopped, then the one
    /// started (Piranha's order).
    public static func operations(to role: IPVSSyncDaemonRole, settings: SyncDaemonSettings) -> [IPVSOperation] {
        [
            .stopDaemon(.backup), .stopDaemon(.master),
            .startDaemon(IPVSSyncDaemon(role: role, interface: settings.interface, syncID: UInt32(settings.syncID))),
        ]
    }

    /// Makes the sync daemon a `role` one; a daemon that was not running counts as stopped.
    public func switchTo(_ role: IPVSSyncDaemonRole, settings: SyncDaemonSettings) -> Result<
        String, SyncDaemonSwitchError
    > {
        let table: IPVSClient
        if let client {
            table = client
        } else {
            do {
                table = try IPVSClient(logger: logger)
            } catch {
                return .failure(SyncDaemonSwitchError(role: role, cause: error))
            }
            client = table
        }
        let operations = Self.operations(to: role, settings: settings)
        for (operation, result) in zip(operations, table.apply(operations)) {
            guard case .failure(let error) = result else { continue }
            // That daemon was not running, or the wanted one already runs.
            if case .stopDaemon = operation, error.refusal == .noSuchDaemon { continue }
            if case .startDaemon = operation, error.refusal == .alreadyExists { continue }
            return .failure(SyncDaemonSwitchError(role: role, cause: error))
        }
        return .success("sync daemon: \(role) on \(settings.interface), syncid \(settings.syncID)")
    }
}

/// The sync daemon could not be switched.
public struct SyncDaemonSwitchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The role it was to take.
    public let role: IPVSSyncDaemonRole
    /// The IPVS failure.
    public let cause: IPVSError

    /// The switch to `role` failed with `cause`.
    public init(role: IPVSSyncDaemonRole, cause: IPVSError) {
        self.role = role
        self.cause = cause
    }

    public var description: String { "switching the IPVS sync daemon to \(role): \(cause)" }
}
