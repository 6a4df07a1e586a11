/// The HTTP status codes an HTTP check accepts: single codes, ranges and classes, e.g.
/// `200-299`, `200,204`, `200 301-302` or `2xx,304`.
///
/// Parts are separated by commas and/or blanks; each is a code (`204`), a range (`301-302`) or a
/// class (`3xx`, meaning 300-399). Codes run from 100 to 599. The canonical text, used in
/// failure texts, merges overlapping and adjacent parts in ascending order: `2xx, 204` prints as
/// `200-299`.
public struct HTTPStatusRanges: Hashable, Sendable, CustomStringConvertible {
    /// The accepted codes as disjoint, non-adjacent closed ranges in ascending order.
    public private(set) var ranges: [ClosedRange<Int>]

    /// The lowest and highest valid status codes.
    public static let validCodes = 100...599

    /// 200-299: what a check accepts unless told otherwise.
    public static let successful = HTTPStatusRanges(normalizing: [200...299])

    /// The codes in `ranges` (each within ``validCodes``), merged.
    public init(_ ranges: [ClosedRange<Int>]) throws(HTTPStatusRangesError) {
        for range in ranges
        where !Self.validCodes.contains(range.lowerBound) || !Self.validCodes.contains(range.upperBound) {
            throw HTTPStatusRangesError(
                text: "\(range.lowerBound)-\(range.upperBound)", part: "\(range.lowerBound)-\(range.upperBound)",
                reason: "codes run from 100 to 599")
        }
        guard !ranges.isEmpty else {
            throw HTTPStatusRangesError(text: "", part: "", reason: "no status code given")
        }
        self.init(normalizing: ranges)
    }

    /// Parses `text` (see the type's description); the error names the bad part.
    public init(parsing text: String) throws(HTTPStatusRangesError) {
        var ranges: [ClosedRange<Int>] = []
        let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
        for part in parts {
            ranges.append(try Self.parsePart(String(part), in: text))
        }
        guard !ranges.isEmpty else {
            throw HTTPStatusRangesError(text: text, part: text, reason: "no status code given")
        }
        self.init(normalizing: ranges)
    }

    private init(normalizing input: [ClosedRange<Int>]) {
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

    /// Whether `status` is accepted.
    public func contains(_ status: Int) -> Bool {
        ranges.contains { $0.contains(status) }
    }

    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ",")
    }

    private static func parsePart(_ part: String, in text: String) throws(HTTPStatusRangesError) -> ClosedRange<Int> {
        func bad(_ reason: String) -> HTTPStatusRangesError {
            HTTPStatusRangesError(text: text, part: part, reason: reason)
        }
        let lowered = part.lowercased()
        if lowered.count == 3, lowered.hasSuffix("xx") {
            guard let digit = lowered.first?.wholeNumberValue, (1...5).contains(digit), lowered.first!.isASCII else {
                throw bad("a class is 1xx to 5xx")
            }
            return digit * 100...digit * 100 + 99
        }
        let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count <= 2 else { throw bad("a range has one dash") }
        var codes: [Int] = []
        for bound in bounds {
            guard bound.count == 3, bound.allSatisfy({ $0.isASCII && $0.isNumber }), let code = Int(bound) else {
                throw bad(
                    bounds.count == 2 ? "a range is two 3-digit codes, like 200-299" : "not a 3-digit status code")
            }
            guard validCodes.contains(code) else { throw bad("status codes run from 100 to 599") }
            codes.append(code)
        }
        guard codes.first! <= codes.last! else { throw bad("the range runs backwards") }
        return codes.first!...codes.last!
    }
}

/// Text that is not a list of HTTP status codes, ranges and classes.
public struct HTTPStatusRangesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The whole text.
    public var text: String
    /// The part that is wrong.
    public var part: String
    /// What is wrong with it.
    public var reason: String

    public var description: String {
        if part.isEmpty || part == text { return "bad HTTP status codes \"\(text)\": \(reason)" }
        return "bad HTTP status codes \"\(text)\": \"\(part)\": \(reason)"
    }
}

extension HTTPStatusRanges: Codable {
    /// Decodes the text form (`description`).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
