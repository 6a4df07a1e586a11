/// One change to the IPVS table, as lvsd's reconcile produces them and ``IPVSTable/apply(_:)``
/// executes them (in order, pipelined, each with its own result).
public enum IPVSOperation: Hashable, Sendable, CustomStringConvertible {
    /// `IPVS_CMD_NEW_SERVICE`. Fails with `EEXIST` if the service exists.
    case addService(IPVSService)
    /// `IPVS_CMD_SET_SERVICE`: scheduler, flags, timeout, netmask, persistence engine.
    case editService(IPVSService)
    /// `IPVS_CMD_DEL_SERVICE`, with all its destinations.
    case deleteService(IPVSServiceIdentity)
    /// `IPVS_CMD_NEW_DEST`. Fails with `EEXIST` if the destination exists.
    case addDestination(IPVSDestination, service: IPVSServiceIdentity)
    /// `IPVS_CMD_SET_DEST`: forwarding, weight, thresholds, tunnel settings.
    case editDestination(IPVSDestination, service: IPVSServiceIdentity)
    /// `IPVS_CMD_DEL_DEST`.
    case deleteDestination(IPVSDestinationIdentity, service: IPVSServiceIdentity)
    /// `IPVS_CMD_SET_CONFIG`: connection timeouts (0 leaves a value unchanged).
    case setTimeouts(IPVSTimeouts)
    /// `IPVS_CMD_NEW_DAEMON`.
    case startDaemon(IPVSSyncDaemon)
    /// `IPVS_CMD_DEL_DAEMON`.
    case stopDaemon(IPVSSyncDaemonRole)
    /// `IPVS_CMD_ZERO`: zero the counters of one service, or of all services when nil.
    case zero(IPVSServiceIdentity?)
    /// `IPVS_CMD_FLUSH`: delete every service of the namespace.
    case flush

    /// What the operation does, with its object, for messages: `adding real server 10.0.1.10:80
    /// to TCP 10.0.0.100:80`.
    public var description: String {
        switch self {
        case .addService(let s): "adding service \(s.identity)"
        case .editService(let s): "editing service \(s.identity)"
        case .deleteService(let id): "deleting service \(id)"
        case .addDestination(let d, let s): "adding real server \(d.identity) to \(s)"
        case .editDestination(let d, let s): "editing real server \(d.identity) of \(s)"
        case .deleteDestination(let d, let s): "deleting real server \(d) from \(s)"
        case .setTimeouts(let t): "setting timeouts (\(t))"
        case .startDaemon(let d): "starting the \(d)"
        case .stopDaemon(let role): "stopping the \(role) sync daemon"
        case .zero(let id?): "zeroing the counters of \(id)"
        case .zero(nil): "zeroing all counters"
        case .flush: "flushing the IPVS table"
        }
    }
}
