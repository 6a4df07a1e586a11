/// Writes metrics in the Prometheus text exposition format, version 0.0.4: per family a `# HELP`
/// and a `# TYPE` line, then one line per sample, `name{label="value",…} value`.
///
/// Help text escapes `\` and newlines; label values escape `\`, `"` and newlines. Names are
/// checked against the format's grammar (a wrong name is a programming error, so it traps). The
/// text is built as bytes: an exposition of thousands of real servers is megabytes.
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

    /// The exposition so far, as UTF-8.
    public private(set) var bytes: [UInt8] = []

    /// An empty exposition.
    public init() {}

    /// The exposition so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The content type scrapers expect.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Appends a family. A family without samples is left out.
    public mutating func family(_ name: String, _ kind: Kind, help: String, _ samples: [Sample]) {
        precondition(Self.isValidName(name), "metric name \(name)")
        guard !samples.isEmpty else { return }
        bytes += "# HELP \(name) ".utf8
        Self.escape(help, quotes: false, into: &bytes)
        bytes += "\n# TYPE \(name) \(kind.rawValue)\n".utf8
        var checked: [String] = []
        for sample in samples {
            bytes += name.utf8
            if !sample.labels.isEmpty {
                // Label names are the code's own; check each family's once.
                let names = sample.labels.map(\.0)
                if names != checked {
                    precondition(
                        names.allSatisfy { Self.isValidName($0) && !$0.utf8.contains(0x3A) }, "labels \(names)")
                    checked = names
                }
                bytes.append(0x7B)
                for (index, (label, value)) in sample.labels.enumerated() {
                    if index > 0 { bytes.append(0x2C) }
                    bytes += label.utf8
                    bytes += "=\"".utf8
                    Self.escape(value, quotes: true, into: &bytes)
                    bytes.append(0x22)
                }
                bytes.append(0x7D)
            }
            bytes.append(0x20)
            Self.format(sample.value, into: &bytes)
            bytes.append(0x0A)
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
    static func format(_ value: Double, into bytes: inout [UInt8]) {
        if value.isNaN {
            bytes += "NaN".utf8
        } else if value.isInfinite {
            bytes += (value > 0 ? "+Inf" : "-Inf").utf8
        } else if value == value.rounded(), abs(value) < 1e15 {
            var integer = Int64(value)
            if integer < 0 {
                bytes.append(0x2D)
                integer = -integer
            }
            var digits: [UInt8] = []
            repeat {
                digits.append(0x30 + UInt8(integer % 10))
                integer /= 10
            } while integer > 0
            bytes += digits.reversed()
        } else {
            bytes += "\(value)".utf8
        }
    }

    /// Appends `text` escaped: `\` and newlines always, `"` in label values.
    static func escape(_ text: String, quotes: Bool, into bytes: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x22 where quotes: bytes += [0x5C, 0x22]
            default: bytes.append(byte)
            }
        }
    }
}
