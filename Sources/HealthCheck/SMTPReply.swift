/// One SMTP reply: a three-digit code and its lines (RFC 5321 4.2), `250-…` lines followed by a
/// last `250 …` line.
public struct SMTPReply: Hashable, Sendable, CustomStringConvertible {
    /// The reply code (`220`, `250`, `554`, …).
    public var code: Int
    /// The lines as received, without their line ends (`250-mx.example.com`, `250 SIZE 1000`).
    public var lines: [String]

    /// A reply.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The lines, escaped for a log line and joined with `\n`: `554 go away`.
    public var description: String {
        CheckEscapes.printable(Array(lines.joined(separator: "\n").utf8), limit: 200)
    }
}
