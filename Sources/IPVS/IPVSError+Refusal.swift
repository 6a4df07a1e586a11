#if canImport(Glibc)
import Glibc
#endif

extension IPVSError {
    /// The kernel's answers about the entry a command names: it is already there, or it is not.
    ///
    /// The errno alone does not say which: `ENOENT` from `IPVS_CMD_NEW_SERVICE` means a missing
    /// scheduler module, from `IPVS_CMD_DEL_DEST` a missing destination. ``IPVSError/refusal``
    /// reads the errno together with the command, the way `ip_vs_ctl.c` answers.
    public enum Refusal: Hashable, Sendable {
        /// `EEXIST` from `IPVS_CMD_NEW_SERVICE`, `IPVS_CMD_NEW_DEST` or `IPVS_CMD_NEW_DAEMON`: the
        /// service, the destination or a sync daemon in that role is already there.
        case alreadyExists
        /// `ESRCH` from a command that names a service (`IPVS_CMD_SET_SERVICE`, `…_DEL_SERVICE`,
        /// `…_ZERO`, the destination commands, `IPVS_CMD_GET_SERVICE`): the service is not there.
        case noSuchService
        /// `ENOENT` from `IPVS_CMD_SET_DEST` or `IPVS_CMD_DEL_DEST`: the service is there, the
        /// destination is not.
        case noSuchDestination
        /// `ESRCH` from `IPVS_CMD_DEL_DAEMON`: no sync daemon runs in that role.
        case noSuchDaemon
    }

    /// What the kernel's answer says about the entry the command named; nil for every other
    /// failure (a refused value, a missing module, a transport error).
    public var refusal: Refusal? {
        guard case .kernel(let e) = cause else { return nil }
        switch (operation, e) {
        case (.change(.addService), EEXIST), (.change(.addDestination), EEXIST), (.change(.startDaemon), EEXIST):
            return .alreadyExists
        case (.change(.editService), ESRCH), (.change(.deleteService), ESRCH), (.change(.zero(_?)), ESRCH),
            (.change(.addDestination), ESRCH), (.change(.editDestination), ESRCH), (.change(.deleteDestination), ESRCH),
            (.getService, ESRCH), (.listDestinations, ESRCH):
            return .noSuchService
        case (.change(.editDestination), ENOENT), (.change(.deleteDestination), ENOENT):
            return .noSuchDestination
        case (.change(.stopDaemon), ESRCH):
            return .noSuchDaemon
        default:
            return nil
        }
    }
}
