import CLVSShims

/// How a process ended.
public enum TestProcessStatus: Equatable, Sendable, CustomStringConvertible {
    /// It called exit with this code.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)

    init(raw: Int32) {
        self = lvs_wifexited(raw) != 0 ? .exited(lvs_wexitstatus(raw)) : .signaled(lvs_wtermsig(raw))
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}
