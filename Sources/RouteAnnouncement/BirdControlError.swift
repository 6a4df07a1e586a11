import DaemonSupport
import Glibc
import Units

/// Why a conversation with BIRD's control socket failed. Each text names the socket.
public enum BirdControlError: Error, CustomStringConvertible, Sendable {
    /// The socket could not be reached (BIRD not running, wrong path).
    case connecting(path: String, errno: Int32)
    /// No complete answer within the time allowed.
    case timedOut(path: String, after: Duration)
    /// BIRD closed the connection before answering.
    case closed(path: String)
    /// Bytes that are not BIRD's control protocol.
    case badReply(String)
    /// BIRD answered the command with an error (8xxx or 9xxx lines), quoted.
    case refused(command: String, reply: String)
    /// A system call failed.
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .connecting(let path, let errno):
            "connecting to BIRD's control socket \(path): \(SystemCallError.describe(errno: errno))"
                + (errno == ENOENT || errno == ECONNREFUSED ? " (is bird running with -s \(path)?)" : "")
        case .timedOut(let path, let after):
            "BIRD's control socket \(path): no answer within \(after.secondsText(unit: true))"
        case .closed(let path): "BIRD's control socket \(path): closed before the answer"
        case .badReply(let what): "BIRD's control socket: \(what)"
        case .refused(let command, let reply): "BIRD refused \"\(command)\": \(reply)"
        case .system(let error): "\(error)"
        }
    }
}
