import CLVSShims

/// How a child process ended.
public enum TerminationStatus: Equatable, Sendable, CustomStringConvertible {
    /// It called `exit(code)`.
    case exited(Int32)
    /// A signal killed it.
    case signaled(Signal)

    /// Decodes a `waitpid` status word (`WIFEXITED`/`WEXITSTATUS`/`WTERMSIG`).
    public init(waitStatus status: Int32) {
        if lvs_wifsignaled(status) != 0 {
            self = .signaled(Signal(rawValue: lvs_wtermsig(status)))
        } else {
            self = .exited(lvs_wexitstatus(status))
        }
    }

    /// Whether it exited with status 0.
    public var isSuccess: Bool { self == .exited(0) }

    /// `exited with status 3` or `killed by SIGKILL`.
    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "killed by \(signal)"
        }
    }
}
