#if canImport(Glibc)
import Glibc
#endif
import CLibNL

/// A failed interface operation: what was being done, to what, and why.
///
/// The text reads like `adding 192.0.2.10/24 (label eth0:1) to eth0: operation not permitted
/// (CAP_NET_ADMIN is needed)`.
public struct InterfaceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why it failed.
    public enum Cause: Hashable, Sendable {
        /// The interface does not exist.
        case noSuchDevice
        /// The process lacks the capability (CAP_NET_ADMIN for addresses, CAP_NET_RAW for frames).
        case permissionDenied(capability: String)
        /// The request itself was wrong; the text says how.
        case invalidArgument(String)
        /// A system call failed with this `errno`.
        case system(call: String, errno: Int32)
        /// libnl reported this error code (`NLE_*`).
        case netlink(code: Int32)
    }

    /// What was being done, naming the object: `adding 192.0.2.10/24 to eth0`.
    public let operation: String
    /// Why it failed.
    public let cause: Cause

    /// Creates an error.
    public init(_ operation: String, _ cause: Cause) {
        self.operation = operation
        self.cause = cause
    }

    public var description: String { "\(operation): \(causeText)" }

    private var causeText: String {
        switch cause {
        case .noSuchDevice:
            return "no such interface"
        case .permissionDenied(let capability):
            return "operation not permitted (\(capability) is needed; run as root)"
        case .invalidArgument(let text):
            return text
        case .system(let call, let code):
            return "\(call): \(String(cString: strerror(code)))"
        case .netlink(let code):
            return String(cString: nl_geterror(code)).lowercased()
        }
    }

    /// The error for a libnl return value `rc` (negative `NLE_*`).
    static func netlink(_ operation: String, _ rc: Int32, capability: String = "CAP_NET_ADMIN") -> InterfaceError {
        let code = rc < 0 ? -rc : rc
        switch code {
        case NLE_PERM: return InterfaceError(operation, .permissionDenied(capability: capability))
        case NLE_NODEV: return InterfaceError(operation, .noSuchDevice)
        default: return InterfaceError(operation, .netlink(code: code))
        }
    }

    /// The error for a failed system call, from `errno`.
    static func system(_ operation: String, call: String, errno code: Int32, capability: String) -> InterfaceError {
        switch code {
        case EPERM, EACCES: return InterfaceError(operation, .permissionDenied(capability: capability))
        case ENODEV, ENXIO: return InterfaceError(operation, .noSuchDevice)
        default: return InterfaceError(operation, .system(call: call, errno: code))
        }
    }
}
