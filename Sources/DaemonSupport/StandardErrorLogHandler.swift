import Glibc
import Logging
import SystemPackage

/// A swift-log backend for `--nodaemon`: one line per event on standard error,
/// `program: [label] message key=value`, written with a single `write(2)` so lines from several
/// processes do not interleave.
public struct StandardErrorLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The program name that starts every line.
    public let program: String
    /// Where lines go (standard error unless a test says otherwise).
    public let output: FileDescriptor

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` that prefixes lines with `program`.
    public init(
        label: String,
        program: String,
        output: FileDescriptor = .standardError,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
    ) {
        self.label = label
        self.program = program
        self.output = output
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = LogLineFormatter.merge(handler: metadata, provider: metadataProvider, event: event.metadata)
        let text = LogLineFormatter(program: program).text(
            label: label, message: event.message, metadata: merged, error: event.error)
        // Best effort: a closed or full stderr must not stop the daemon.
        try? output.writeAll(Array("\(program): \(text)\n".utf8))
    }
}
