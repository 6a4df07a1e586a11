import Logging

/// What ``NannyStateMachine`` asks its runner to do.
public enum NannyAction: Equatable, Sendable {
    /// Send this report to lvsd.
    case report(NannyReport)
    /// Log this line (syslog, ident `nanny`).
    case log(Logger.Level, String)
    /// Run a check now instead of waiting for the next interval (after returning to checking).
    case checkNow
}
