/// Writes metrics in the Prometheus text exposition format, version 0.0.4: per family a `# HELP`
/// and a `# TYPE` line, then one line per sample, `name{label="value",…} value`.
///
/// Help text escapes `\` and newlines; label values escape `\`, `"` and newlines. Names are
/// checked against the format's grammar (a wrong name is a programming error, so it traps).
public struct PrometheusText: Sendable {
    /// A family's type.
    public enum Kind: String, Sendable {
        /// Only goes up (resets when the process restarts).
        case counter
        /// Goes up and down.
        case gauge
    }

    /// One sample: its labels in order and its value.
    public struct Sample: Sendable {
        /// Label names and values.
        public var labels: [(String, String)]
        /// The value.
        public var value: Double

        /// A sample with labels.
        public init(_ labels: [(String, String)], _ value: Double) {
            self.labels = labels
            self.value = value
        }

        /// A sample without labels.
        public init(_ value: Double) {
            self.init([], value)
        }
    }

    /// The text so far.
    public private(set) var text = ""

    /// An empty exposition.
    public init() {}

    /// The content type scrapers expect.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Appends a family. A family without samples is left out.
    public mutating func family(_ name: String, _ kind: Kind, help: String, _ samples: [Sample]) {
        precondition(Self.isValidName(name), "metric name \(name)")
        guard !samples.isEmpty else { return }
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
        for sample in samples {
            text += name
            if !sample.labels.isEmpty {
                text += "{"
                for (index, (label, value)) in sample.labels.enumerated() {
                    precondition(Self.isValidName(label) && !label.contains(":"), "label name \(label)")
                    if index > 0 { text += "," }
                    text += "\(label)=\"\(Self.escapeLabel(value))\""
                }
                text += "}"
            }
            text += " \(Self.format(sample.value))\n"
        }
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x3A
        }
        return letter(first) && name.utf8.allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// Integers without a fraction, `NaN`, `+Inf`, `-Inf`, otherwise Swift's shortest form.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Help text escapes `\` and newlines.
    static func escapeHelp(_ text: String) -> String { escape(text, quotes: false) }

    /// Label values escape `"` too.
    static func escapeLabel(_ text: String) -> String { escape(text, quotes: true) }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quotes: out += "\\\""
            default: out.append(character)
            }
        }
        return out
    }
}
