import Glibc
import Logging

/// A swift-log backend that writes RFC 3164 datagrams to the syslog socket, like glibc's
/// `syslog()` with `openlog(ident, LOG_PID, LOG_DAEMON)`, but never using the message as a format
/// string and with a configurable socket path (tests point it at a temporary listener).
///
/// Bootstrap once per process:
/// ```swift
/// let syslog = SyslogConnection()                // /dev/log
/// LoggingSystem.bootstrap { SyslogLogHandler(label: $0, ident: "pulse", connection: syslog) }
/// ```
/// Lines read `<30>Nov 21 05:13:08 pulse[11516]: [pulse.heartbeat] peer up peer=10.0.0.2`:
/// the label in brackets unless it equals the ident, then the message, then the metadata as
/// sorted `key=value` pairs. Levels map to priorities as ``SyslogPriority/init(facility:level:)`` says.
public struct SyslogLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The program name shown in every line.
    public let ident: String
    /// The syslog facility code (default `LOG_DAEMON`).
    public var facility: Int
    /// Where messages go.
    public let connection: SyslogConnection
    /// Current time, seconds since the epoch (replaceable for tests).
    public var clock: @Sendable () -> time_t
    /// Local-time timestamps (syslog's convention) or UTC.
    public var localTime: Bool

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` that logs as `ident` through `connection`.
    public init(
        label: String,
        ident: String,
        connection: SyslogConnection,
        facility: Int = SyslogPriority.daemonFacility,
        clock: @escaping @Sendable () -> time_t = { time(nil) },
        localTime: Bool = true,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
    ) {
        self.label = label
        self.ident = ident
        self.connection = connection
        self.facility = facility
        self.clock = clock
        self.localTime = localTime
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = LogLineFormatter.merge(handler: metadata, provider: metadataProvider, event: event.metadata)
        let text = LogLineFormatter(program: ident).text(
            label: label, message: event.message, metadata: merged, error: event.error)
        let message = SyslogMessage(
            priority: SyslogPriority(facility: facility, level: event.level),
            time: clock(),
            localTime: localTime,
            ident: ident,
            pid: getpid(),  // read each time: daemonizing changes it
            text: text
        )
        connection.send(message.bytes())
    }
}
