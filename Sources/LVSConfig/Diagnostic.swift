/// One problem found in an lvs.cf file: an error (the file must not be used) or a warning (it
/// may be used, but probably not as the admin meant).
///
/// Its `description` is exactly `FILE:LINE:COLUMN: error|warning: message`, the form editors and
/// terminals recognise. Lines and columns are 1-based; a column counts bytes, a tab counts as one.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How bad a problem is.
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        /// The file can be used, but something in it is probably not what the admin meant.
        case warning
        /// The file must not be used.
        case error

        /// Warnings order before errors.
        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    /// Error or warning.
    public var severity: Severity
    /// The file name as given to the parser.
    public var file: String
    /// 1-based line number; every physical line counts, blank and comment lines included.
    public var line: Int
    /// 1-based byte column.
    public var column: Int
    /// What is wrong: names the key and what was expected.
    public var message: String

    /// Creates a diagnostic.
    public init(severity: Severity, file: String, line: Int, column: Int, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: error|warning: message`.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }
}

/// A position in the file: 1-based line and byte column.
struct SourceLocation: Hashable, Sendable {
    var line: Int32
    var column: Int32

    init(line: Int, column: Int) {
        self.line = Int32(truncatingIfNeeded: line)
        self.column = Int32(truncatingIfNeeded: column)
    }

    /// The start of the file, for problems that belong to the file as a whole.
    static let start = SourceLocation(line: 1, column: 1)
}

/// Collects diagnostics for one file, in the order they are found. It keeps the first
/// ``storedLimit`` and only counts the rest (a costly message is not even built once
/// ``isFull``): a file of 50,000 bad lines costs little more than counting them, and nobody
/// reads the 101st message.
struct DiagnosticCollector {
    /// How many diagnostics are kept.
    static let storedLimit = 100

    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var errorCount = 0
    private(set) var warningCount = 0

    init(file: String) { self.file = file }

    /// Diagnostics counted but not kept.
    var omittedCount: Int { errorCount + warningCount - diagnostics.count }

    /// Whether no more diagnostics are kept (later ones are only counted).
    var isFull: Bool { diagnostics.count >= Self.storedLimit }

    mutating func error(_ location: SourceLocation, _ message: String) {
        errorCount += 1
        keep(.error, location, message)
    }

    mutating func warning(_ location: SourceLocation, _ message: String) {
        warningCount += 1
        keep(.warning, location, message)
    }

    private mutating func keep(_ severity: Diagnostic.Severity, _ location: SourceLocation, _ message: String) {
        guard !isFull else { return }
        diagnostics.append(
            Diagnostic(
                severity: severity, file: file, line: Int(location.line),
                column: Int(location.column), message: Self.printable(message)))
    }

    /// `text` with control characters written as escapes (`\x1B`, `\u{85}`): messages quote the
    /// file, and its bytes must not reach a terminal or the system log raw (an escape sequence in
    /// a key name would repaint the admin's screen).
    static func printable(_ text: String) -> String {
        func isControl(_ value: UInt32) -> Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
        guard text.unicodeScalars.contains(where: { isControl($0.value) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if !isControl(value) {
                out.unicodeScalars.append(scalar)
            } else if value == 0x09 {
                out += "\\t"
            } else if value < 0x80 {
                out += "\\x" + (value < 0x10 ? "0" : "") + String(value, radix: 16, uppercase: true)
            } else {
                out += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Whether an error was already reported on the line of `location` (so a check that
    /// depends on that value does not repeat the problem).
    func hasError(at location: SourceLocation?) -> Bool {
        guard let location else { return false }
        return diagnostics.contains { $0.severity == .error && $0.line == Int(location.line) }
    }

    /// The diagnostics sorted by position (stable, so problems on one line keep their order).
    func sorted() -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}
