/// The HTTP status codes a check accepts (lvs.cf `http_status`, nanny `--http-status`): codes,
/// ranges and classes, such as `200-299`, `200,204`, `200 301-302` or `2xx 3xx`.
public struct HTTPStatusRanges: Hashable, Sendable, CustomStringConvertible {
    /// The accepted codes as closed ranges, sorted and merged.
    public let ranges: [ClosedRange<Int>]

    /// Any 2xx status: keepalived's default, and the suite's.
    public static let success = HTTPStatusRanges(merging: [200...299])

    /// Why a status list was refused.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong, naming the part.
        public let message: String
        public var description: String { message }
    }

    private init(merging input: [ClosedRange<Int>]) {
        var merged: [ClosedRange<Int>] = []
        for range in input.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        ranges = merged
    }

    /// Parses a list of codes (`200`), ranges (`200-299`) and classes (`2xx`), separated by
    /// commas or blanks. Every code is 100-599.
    public static func parse(_ text: String) -> Result<HTTPStatusRanges, ParseError> {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
        guard !parts.isEmpty else { return .failure(ParseError(message: "no status code given (such as 200-299)")) }
        var ranges: [ClosedRange<Int>] = []
        for part in parts {
            guard let range = range(String(part)) else {
                return .failure(
                    ParseError(
                        message:
                            "'\(part)' is not a status code 100-599, a range such as 200-299 or a class such as 2xx"))
            }
            ranges.append(range)
        }
        return .success(HTTPStatusRanges(merging: ranges))
    }

    private static func range(_ part: String) -> ClosedRange<Int>? {
        let lower = part.lowercased()
        if lower.count == 3, lower.hasSuffix("xx"), let first = lower.first?.wholeNumberValue, (1...5).contains(first) {
            return first * 100...first * 100 + 99
        }
        let ends = lower.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count <= 2, let low = code(ends[0]), let high = ends.count == 2 ? code(ends[1]) : low, low <= high
        else { return nil }
        return low...high
    }

    private static func code(_ text: Substring) -> Int? {
        guard text.count == 3, text.allSatisfy(\.isASCII), let n = Int(text), (100...599).contains(n) else {
            return nil
        }
        return n
    }

    /// Whether `status` is accepted.
    public func contains(_ status: Int) -> Bool {
        ranges.contains { $0.contains(status) }
    }

    /// The canonical form: `200-299`, `200,204,301-302`.
    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
}

extension HTTPStatusRanges: Codable {
    /// Decodes the text form (`description`).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = try? HTTPStatusRanges.parse(text).get() else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad HTTPStatusRanges \(text)"))
        }
        self = value
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
