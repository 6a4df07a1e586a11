import Heartbeat
import Logging

extension Logger.Level {
    /// The level for a line of the failover state machine's.
    init(_ severity: FailoverLogSeverity) {
        switch severity {
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        }
    }
}
