import DaemonSupport
import Glibc
import Units

/// Why a control request to a daemon failed, worded for the admin.
public enum ControlClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No socket file: `lvsd is not running (no socket at /run/lvsd/lvsd.sock)`.
    case notRunning(daemon: String, path: String)
    /// A socket file nobody listens on.
    case staleSocket(daemon: String, path: String)
    /// The socket or its directory is not accessible (not root).
    case permissionDenied(daemon: String, path: String)
    /// No answer in time.
    case timedOut(daemon: String, path: String, after: Duration)
    /// The daemon closed the connection without a full answer.
    case closed(daemon: String, path: String)
    /// The answer was not a response line.
    case badResponse(String)
    /// The daemon refused the request, with its reason.
    case refused(daemon: String, reason: String)
    /// Another system call failed.
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .notRunning(let daemon, let path):
            "\(daemon) is not running (no socket at \(path))"
        case .staleSocket(let daemon, let path):
            "\(daemon) is not running (nothing answers at \(path))"
        case .permissionDenied(let daemon, let path):
            "permission denied: cannot connect to \(path) (\(daemon)'s control socket is for root only)"
        case .timedOut(let daemon, let path, let after):
            "\(daemon) did not answer within \(Self.seconds(after)) (\(path))"
        case .closed(let daemon, let path):
            "\(daemon) closed the connection without answering (\(path))"
        case .badResponse(let text):
            "unreadable response: \(text)"
        case .refused(let daemon, let reason):
            "\(daemon): \(reason)"
        case .system(let error):
            "\(error)"
        }
    }

    /// The error for a failed `connect` to `path`.
    public static func connecting(daemon: String, path: String, errno code: Int32) -> ControlClientError {
        switch code {
        case ENOENT, ENOTDIR: .notRunning(daemon: daemon, path: path)
        case ECONNREFUSED: .staleSocket(daemon: daemon, path: path)
        case EACCES, EPERM: .permissionDenied(daemon: daemon, path: path)
        default: .system(SystemCallError(call: "connect", object: path, errno: code))
        }
    }

    static func seconds(_ duration: Duration) -> String {
        duration.secondsText(maximumDecimals: 9, unit: true)
    }
}
