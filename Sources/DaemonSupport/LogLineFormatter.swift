import Logging

/// Renders a log event as one line of text: `[label] message key=value key=value`.
///
/// The label is shown only when it differs from the program's name (a `Logger(label: "nanny")` in
/// nanny adds nothing). Metadata keys are sorted, so lines are stable and comparable.
public struct LogLineFormatter: Sendable {
    /// The program name (syslog ident); a logger label equal to it is not repeated.
    public var program: String

    /// A formatter for `program`.
    public init(program: String) { self.program = program }

    /// The text of one event: label prefix, message, then metadata.
    public func text(
        label: String,
        message: Logger.Message,
        metadata: Logger.Metadata,
        error: (any Error)? = nil
    ) -> String {
        var line = ""
        if !label.isEmpty && label != program {
            line += "[\(label)] "
        }
        line += message.description
        var merged = metadata
        if let error { merged["error"] = .string("\(error)") }
        for key in merged.keys.sorted() {
            line += " \(key)=\(merged[key]!)"
        }
        return line
    }

    /// Merges metadata in swift-log's order: handler, then provider, then the event's own.
    public static func merge(
        handler: Logger.Metadata,
        provider: Logger.MetadataProvider?,
        event: Logger.Metadata?
    ) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let event {
            merged.merge(event) { _, new in new }
        }
        return merged
    }
}
