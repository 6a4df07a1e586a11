/// The 1-minute load average in a load query's output.
///
/// Accepted forms (the first number after the word `load`, as Piranha read it):
/// - `uptime`: ` 10:01:02 up 3 days,  2 users,  load average: 0.52, 0.40, 0.31`
/// - `ruptime`: `web1   up 3+02:01,  2 users,  load 0.52, 0.40, 0.31`
/// - `rup`: `web1   up 3 days,  load average: 0.52 0.40 0.31`
public enum LoadAverage {
    /// Output without a load figure.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The output, shortened for a log line.
        public var output: String

        /// An error about `output`.
        public init(output: String) {
            self.output = output
        }

        public var description: String {
            output.isEmpty
                ? "no output (expected a load average such as \"load average: 0.52, 0.40, 0.31\")"
                : "no load average in \"\(output)\" (expected \"load average: 0.52, 0.40, 0.31\" or \"load 0.52, …\")"
        }
    }

    /// Most characters of bad output quoted in an error.
    static let quotedLimit = 120

    /// The 1-minute load in `output`.
    public static func parse(_ output: String) throws(ParseError) -> Double {
        let characters = Array(output.lowercased())
        let word = Array("load")
        // The last "load" in the output: a banner or message of the day before it cannot matter.
        guard
            let found = stride(from: characters.count - word.count, through: 0, by: -1).first(where: {
                Array(characters[$0..<$0 + word.count]) == word
            })
        else { throw error(output) }
        var rest = characters[(found + word.count)...]
        // "load average:" / "load averages:" / "load"
        for prefix in [" averages:", " average:"] where rest.starts(with: prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        let number = rest.drop { $0 == " " || $0 == "\t" }.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard number.first?.isNumber == true, let load = Double(String(number)), load.isFinite else {
            throw error(output)
        }
        return load
    }

    private static func error(_ output: String) -> ParseError {
        let line = output.split(whereSeparator: \.isNewline).map { $0.split(separator: " ").joined(separator: " ") }
            .joined(separator: " / ")
        let shown = line.count > quotedLimit ? line.prefix(quotedLimit) + "…" : Substring(line)
        return ParseError(output: String(shown.map { $0.isASCII && $0.asciiValue! < 0x20 ? " " : $0 }))
    }
}
