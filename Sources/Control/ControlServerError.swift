import DaemonSupport

/// Why a control socket could not be served.
public enum ControlServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Something answers on the socket already: another instance of the daemon.
    case alreadyServing(daemon: String, path: String)
    /// The path exists and is not a socket; it is left alone.
    case notASocket(path: String)
    /// A system call failed.
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .alreadyServing(let daemon, let path):
            "another \(daemon) is already answering on \(path)"
        case .notASocket(let path):
            "\(path) exists and is not a socket; not removing it"
        case .system(let error):
            "control socket: \(error)"
        }
    }
}
