import Logging

/// A syslog priority: facility and severity, as in RFC 3164's `<PRI>`.
public struct SyslogPriority: Equatable, Sendable {
    /// The facility code (`LOG_DAEMON` = 3 …), not yet shifted.
    public var facility: Int
    /// The severity (`LOG_ERR` = 3 … `LOG_DEBUG` = 7).
    public var severity: Int

    /// `LOG_DAEMON`: facility 3, the one every daemon of the suite logs to.
    public static let daemonFacility = 3

    /// A priority from a facility and severity code.
    public init(facility: Int = SyslogPriority.daemonFacility, severity: Int) {
        self.facility = facility
        self.severity = severity
    }

    /// The swift-log level's syslog severity: trace and debug → `LOG_DEBUG` (7), info →
    /// `LOG_INFO` (6), notice → `LOG_NOTICE` (5), warning → `LOG_WARNING` (4), error →
    /// `LOG_ERR` (3), critical → `LOG_CRIT` (2).
    public init(facility: Int = SyslogPriority.daemonFacility, level: Logger.Level) {
        let severity: Int =
            switch level {
            case .trace, .debug: 7
            case .info: 6
            case .notice: 5
            case .warning: 4
            case .error: 3
            case .critical: 2
            }
        self.init(facility: facility, severity: severity)
    }

    /// `facility * 8 + severity`, the number between the angle brackets.
    public var value: Int { facility * 8 + severity }
}
