#if canImport(Glibc)
import Glibc
#endif

/// A failed IPVS operation: what was attempted, on what, and why.
///
/// Its text reads `adding real server 10.0.1.10:80 to TCP 10.0.0.100:80: service not defined`.
/// ``ipvsadmMessage`` gives the text ipvsadm 1.31 prints for the same (operation, errno) pair.
public struct IPVSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was attempted, with its object.
    public enum Operation: Hashable, Sendable, CustomStringConvertible {
        /// Opening the generic-netlink socket and resolving the `IPVS` family.
        case connect
        /// `IPVS_CMD_GET_INFO`.
        case getInfo
        /// `IPVS_CMD_GET_SERVICE` dump.
        case listServices
        /// `IPVS_CMD_GET_SERVICE` for one service.
        case getService(IPVSServiceIdentity)
        /// `IPVS_CMD_GET_DEST` dump of one service.
        case listDestinations(IPVSServiceIdentity)
        /// `IPVS_CMD_GET_CONFIG`.
        case getTimeouts
        /// `IPVS_CMD_GET_DAEMON` dump.
        case listDaemons
        /// A change to the table.
        case change(IPVSOperation)

        /// `listing real servers of TCP 10.0.0.100:80`, and so on.
        public var description: String {
            switch self {
            case .connect: "connecting to the kernel's IPVS"
            case .getInfo: "reading IPVS info"
            case .listServices: "listing services"
            case .getService(let id): "reading service \(id)"
            case .listDestinations(let id): "listing real servers of \(id)"
            case .getTimeouts: "reading timeouts"
            case .listDaemons: "listing sync daemons"
            case .change(let op): op.description
            }
        }
    }

    /// Why it failed.
    public enum Cause: Hashable, Sendable {
        /// The kernel answered with this errno (`NLMSG_ERROR`).
        case kernel(errno: Int32)
        /// The kernel has no IPVS: the `IPVS` generic-netlink family does not exist.
        case ipvsUnavailable
        /// A system call failed.
        case system(call: String, errno: Int32)
        /// No answer within the socket's receive timeout.
        case timedOut(seconds: Int)
        /// The kernel's answer could not be decoded.
        case malformedReply(String)
        /// The request cannot be expressed (checked before anything is sent).
        case invalidRequest(String)
    }

    /// What was attempted.
    public let operation: Operation
    /// Why it failed.
    public let cause: Cause

    /// Creates an error.
    public init(_ operation: Operation, _ cause: Cause) {
        self.operation = operation
        self.cause = cause
    }

    /// The errno behind the failure, if there is one.
    public var errno: Int32? {
        switch cause {
        case .kernel(let e), .system(_, let e): e
        case .ipvsUnavailable: ENOENT
        case .timedOut: EAGAIN
        case .malformedReply, .invalidRequest: nil
        }
    }

    /// `adding service TCP 10.0.0.100:80: service already exists`.
    public var description: String { "\(operation): \(causeDescription)" }

    /// The cause alone: `service not defined`.
    public var causeDescription: String {
        switch cause {
        case .kernel(let e): IPVSError.meaning(of: e, for: operation)
        case .ipvsUnavailable:
            "this kernel has no IPVS (generic netlink family \"IPVS\" not found); load it with "
                + "`modprobe ip_vs`, or use a kernel built with CONFIG_IP_VS"
        case .system(let call, let e): "\(call): \(IPVSError.systemText(e))"
        case .timedOut(let s): "no answer from the kernel within \(s) s"
        case .malformedReply(let what): "malformed reply from the kernel: \(what)"
        case .invalidRequest(let what): what
        }
    }

    /// What ipvsadm 1.31 prints for this failure (`ipvs_strerror` keyed by its last library call
    /// and errno), e.g. `Service not defined`; `strerror(errno)` where ipvsadm has no entry.
    public var ipvsadmMessage: String {
        switch cause {
        case .kernel(let e), .system(_, let e): IPVSError.ipvsadmText(for: e, operation: operation)
        // ipvsadm falls back to the setsockopt interface, which fails with ENOPROTOOPT.
        case .ipvsUnavailable: IPVSError.ipvsadmText(for: ENOPROTOOPT, operation: operation)
        case .timedOut: IPVSError.systemText(EAGAIN)
        case .malformedReply, .invalidRequest: IPVSError.ipvsadmText(for: EINVAL, operation: operation)
        }
    }

    /// ipvsadm's libipvs function names the error table is keyed by.
    enum LibraryCall {
        case addService, updateService, deleteService, zeroService, addDestination, updateDestination
        case deleteDestination, startDaemon, stopDaemon, getServices, getDestinations, getService, other
    }

    static func libraryCall(for operation: Operation) -> LibraryCall {
        switch operation {
        case .connect, .getInfo, .getTimeouts, .listDaemons: .other
        case .listServices: .getServices
        case .getService: .getService
        case .listDestinations: .getDestinations
        case .change(let op):
            switch op {
            case .addService: .addService
            case .editService: .updateService
            case .deleteService: .deleteService
            case .zero: .zeroService
            case .addDestination: .addDestination
            case .editDestination: .updateDestination
            case .deleteDestination: .deleteDestination
            case .startDaemon: .startDaemon
            case .stopDaemon: .stopDaemon
            case .setTimeouts, .flush: .other
            }
        }
    }

    static func ipvsadmText(for e: Int32, operation: Operation) -> String {
        let call = libraryCall(for: operation)
        switch (call, e) {
        case (.addService, EEXIST): return "Service already exists"
        case (.addService, ENOENT), (.updateService, ENOENT): return "Scheduler or persistence engine not found"
        case (.updateService, ESRCH), (.deleteService, ESRCH), (.zeroService, ESRCH): return "No such service"
        case (.addDestination, ESRCH), (.updateDestination, ESRCH), (.deleteDestination, ESRCH):
            return "Service not defined"
        case (.addDestination, EEXIST): return "Destination already exists"
        case (.updateDestination, ENOENT), (.deleteDestination, ENOENT): return "No such destination"
        case (.startDaemon, EEXIST): return "Daemon has already run"
        case (.stopDaemon, ESRCH): return "No daemon is running"
        case (.getServices, ESRCH), (.getDestinations, ESRCH), (.getService, ESRCH): return "No such service"
        default: break
        }
        switch e {
        case EPERM: return "Permission denied (you must be root)"
        case EINVAL: return "Invalid operation.  Possibly wrong module version, address not unicast, ..."
        case ENOPROTOOPT: return "Protocol not available"
        case ENOMEM: return "Memory allocation problem"
        case EOPNOTSUPP: return "Operation not supported with IPv6"
        case EAFNOSUPPORT: return "Operation not supported with specified address family"
        case EMSGSIZE: return "Module is wrong version"
        default: return systemText(e)
        }
    }

    /// The project's own wording of a kernel errno for an operation (same meaning as ipvsadm's).
    static func meaning(of e: Int32, for operation: Operation) -> String {
        let call = libraryCall(for: operation)
        switch (call, e) {
        case (.addService, EEXIST): return "service already exists"
        case (.addService, ENOENT), (.updateService, ENOENT): return "scheduler or persistence engine not found"
        case (.updateService, ESRCH), (.deleteService, ESRCH), (.zeroService, ESRCH), (.getService, ESRCH),
            (.getServices, ESRCH), (.getDestinations, ESRCH):
            return "no such service"
        case (.addDestination, ESRCH), (.updateDestination, ESRCH), (.deleteDestination, ESRCH):
            return "service not defined"
        case (.addDestination, EEXIST): return "real server already exists"
        case (.updateDestination, ENOENT), (.deleteDestination, ENOENT): return "no such real server"
        case (.startDaemon, EEXIST): return "a sync daemon in this role is already running"
        case (.stopDaemon, ESRCH): return "no sync daemon in this role is running"
        case (.startDaemon, ENODEV): return "no such multicast interface"
        default: break
        }
        switch e {
        case EPERM: return "permission denied (CAP_NET_ADMIN is needed; run as root)"
        case EINVAL:
            return "invalid request (missing or malformed attribute, address not unicast, mixed address "
                + "families without tunnelling, or wrong module version)"
        case ERANGE: return "value out of range (negative weight, or lower threshold above upper threshold)"
        case ENOPROTOOPT: return "IPVS is being unloaded"
        case ENOMEM: return "out of memory"
        case EOPNOTSUPP: return "operation not supported"
        case EAFNOSUPPORT: return "address family not supported"
        case EMSGSIZE: return "message too long (IPVS module of another version?)"
        default: return systemText(e)
        }
    }

    static func systemText(_ e: Int32) -> String {
        guard let text = strerror(e) else { return "errno \(e)" }
        return String(cString: text)
    }
}
