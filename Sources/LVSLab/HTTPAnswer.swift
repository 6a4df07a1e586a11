import LVSTestKit

/// A real server's answer to the lab's HTTP request, read from the raw bytes. Pure.
///
/// Every real server serves one page whose body is its own name (`rs2`), so an answer tells
/// the client which server the director picked.
public struct HTTPAnswer: Sendable, Hashable {
    /// The status code (200).
    public var status: Int
    /// The body, without surrounding blanks and newlines.
    public var body: String

    /// Parses a complete HTTP/1.x response (the server closed the connection after it).
    public init(parsing bytes: [UInt8]) throws(LabError) {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = Self.firstIndex(of: separator, in: bytes) else {
            throw LabError("reading an HTTP answer: no end of headers in \(bytes.count) bytes: \(Self.excerpt(bytes))")
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let words = statusLine.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2, words[0].hasPrefix("HTTP/1."), let code = Int(words[1]), (100...599).contains(code)
        else {
            throw LabError("reading an HTTP answer: bad status line \"\(statusLine)\"")
        }
        status = code
        body = String(decoding: bytes[(end + separator.count)...], as: UTF8.self)
            .trimmed(of: [" ", "\n", "\r", "\r\n", "\t"])
    }

    /// The name of the server that answered: the body of a 200 answer.
    public var server: String? { status == 200 && !body.isEmpty ? body : nil }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }

    private static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self)
        return "\"" + text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            + "\""
    }
}
