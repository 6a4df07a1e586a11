import Logging

/// What ``Director`` asks lvsd's runtime to do after an event.
public enum DirectorAction: Equatable, Sendable {
    /// Log this line (syslog, ident `lvsd`); it names the service and the server.
    case log(Logger.Level, String)
    /// The target table may have changed: reconcile the kernel's table with ``Director/target()``.
    case reconcile
    /// Start a nanny for this real server.
    case startNanny(RealServerKey, NannyLaunch)
    /// Stop the nanny of this real server; it is no longer in lvs.cf (or no longer active).
    case stopNanny(RealServerKey)
    /// Stop the nanny of this real server and start it again with new check settings.
    case restartNanny(RealServerKey, NannyLaunch)
}
