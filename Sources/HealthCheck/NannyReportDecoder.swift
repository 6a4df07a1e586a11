/// A report line lvsd could not understand: which line, and what was wrong.
public struct NannyReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Problem: Error, Equatable, Sendable {
        case unsupportedVersion(String)
        case unknownType(String)
        case badWeight(String)
        case badField(String)
        case badEscape(String)
        case lineTooLong
        case notUTF8
    }

    /// The line's number in the stream (1-based).
    public var line: Int
    /// What was wrong with it.
    public var problem: Problem

    public var description: String {
        let what: String =
            switch problem {
            case .unsupportedVersion(let version):
                "unsupported report protocol version \"\(version)\" (this side speaks \(NannyReport.protocolVersion))"
            case .unknownType(let type): "unknown message type \"\(type)\""
            case .badWeight(let text): "bad weight \"\(text)\" (expected 0 to 2147483647)"
            case .badField(let text): "bad field \"\(text)\""
            case .badEscape(let text): "bad escape \"\(text)\""
            case .lineTooLong: "line longer than \(NannyReport.maximumLineLength) bytes"
            case .notUTF8: "line is not UTF-8"
            }
        return "nanny report line \(line): \(what)"
    }
}

/// Splits a nanny's byte stream into ``NannyReport``s (lvsd's side of the report socket).
///
/// Feed it whatever `read` returned; it keeps a partial last line for the next call. A bad line
/// yields an error and decoding continues with the next line; an over-long line is discarded up
/// to its newline.
public struct NannyReportDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var discarding = false
    /// Lines seen so far.
    public private(set) var lineNumber = 0

    /// A decoder at the start of a stream.
    public init() {}

    /// Bytes buffered without a newline yet.
    public var pendingByteCount: Int { buffer.count }

    /// Decodes every complete line in `bytes` (plus what was buffered).
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Result<NannyReport, NannyReportError>] {
        var results: [Result<NannyReport, NannyReportError>] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lineNumber += 1
                if discarding {
                    discarding = false
                    results.append(.failure(NannyReportError(line: lineNumber, problem: .lineTooLong)))
                } else {
                    results.append(
                        Self.decode(line: buffer).mapError { NannyReportError(line: lineNumber, problem: $0) })
                }
                buffer.removeAll(keepingCapacity: true)
                continue
            }
            if discarding { continue }
            buffer.append(byte)
            if buffer.count >= NannyReport.maximumLineLength {
                discarding = true
                buffer.removeAll(keepingCapacity: true)
            }
        }
        return results
    }

    /// Decodes one line without its newline.
    public static func decode(line bytes: [UInt8]) -> Result<NannyReport, NannyReportError.Problem> {
        Result { () throws(NannyReportError.Problem) -> NannyReport in try parse(bytes) }
    }

    private static func parse(_ bytes: [UInt8]) throws(NannyReportError.Problem) -> NannyReport {
        guard let line = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        var rest = Substring(line)
        let version = field(&rest)
        guard version == "\(NannyReport.protocolVersion)" else { throw .unsupportedVersion(String(version)) }
        let type = field(&rest)
        switch type {
        case "UP":
            let weight = try parseWeight(field(&rest))
            return .up(weight: weight, reason: try NannyReport.unescape(rest))
        case "WEIGHT":
            let weight = try parseWeight(field(&rest))
            if !rest.isEmpty { throw .badField(String(rest)) }
            return .weight(weight)
        case "DOWN":
            return .down(reason: try NannyReport.unescape(rest))
        case "CHECK":
            let verdict = field(&rest)
            let text = try NannyReport.unescape(rest)
            switch verdict {
            case "PASS": return .check(.passed(text))
            case "FAIL": return .check(.failed(text))
            default: throw .badField(String(verdict))
            }
        case "CHECK-TIME":
            let text = field(&rest)
            guard rest.isEmpty, let microseconds = Int64(text), microseconds >= 0 else { throw .badField(String(text)) }
            return .checkDuration(.microseconds(microseconds))
        case "MODE":
            let name = field(&rest)
            guard rest.isEmpty, let mode = NannyMode(rawValue: String(name)) else { throw .badField(String(name)) }
            return .mode(mode)
        default:
            throw .unknownType(String(type))
        }
    }

    /// The text up to the next space (which is consumed).
    private static func field(_ rest: inout Substring) -> Substring {
        guard let space = rest.firstIndex(of: " ") else {
            defer { rest = rest[rest.endIndex...] }
            return rest
        }
        defer { rest = rest[rest.index(after: space)...] }
        return rest[..<space]
    }

    private static func parseWeight(_ text: Substring) throws(NannyReportError.Problem) -> Int {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let weight = Int32(text) else {
            throw .badWeight(String(text))
        }
        return Int(weight)
    }
}
