/// The outcome of one health check.
public enum CheckResult: Equatable, Sendable, CustomStringConvertible {
    /// The server answered as required; what was seen.
    case passed(String)
    /// It did not; why, naming the server (`connect to 10.0.1.10:80: Connection refused`).
    case failed(String)

    /// Whether the check passed.
    public var isPassed: Bool {
        if case .passed = self { return true }
        return false
    }

    /// The detail or the reason.
    public var detail: String {
        switch self {
        case .passed(let detail), .failed(let detail): detail
        }
    }

    public var description: String {
        switch self {
        case .passed(let detail): "passed: \(detail)"
        case .failed(let reason): "failed: \(reason)"
        }
    }
}
