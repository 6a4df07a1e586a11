/// One answer of BIRD's control socket (the protocol birdc speaks): lines of the form
/// `DDDD-text` (more to come), `DDDD text` (the last line), or ` text` (a continuation of the
/// previous code). Codes 0xxx end a command that succeeded, 1xxx and 2xxx carry data and
/// headings, 8xxx and 9xxx report a runtime or parse error.
public struct BirdReply: Sendable, Equatable {
    /// One line: its code (that of the line before for a continuation) and its text.
    public struct Line: Sendable, Equatable {
        public var code: Int
        public var text: String
    }

    /// Every line, in order.
    public var lines: [Line]

    /// The code of the last line, which ends the answer.
    public var finalCode: Int { lines.last?.code ?? 0 }

    /// Whether BIRD reports an error (codes 8000-9999 anywhere in the answer).
    public var isError: Bool { lines.contains { $0.code >= 8000 } }

    /// The error lines' text, joined, for messages.
    public var errorText: String {
        lines.filter { $0.code >= 8000 }.map(\.text).joined(separator: "; ")
    }

    /// The text of the lines with `code`.
    public func texts(code: Int) -> [String] { lines.filter { $0.code == code }.map(\.text) }
}

/// Assembles ``BirdReply`` values from the lines read off the socket.
public struct BirdReplyReader: Sendable {
    private var pending: [BirdReply.Line] = []
    private var lastCode: Int?

    public init() {}

    /// Takes one line (without its newline). Returns the complete answer when `line` ended it,
    /// nil when more lines are to come; throws on a line that is none of the three forms.
    public mutating func take(_ line: String) throws(BirdControlError) -> BirdReply? {
        let bytes = Array(line.utf8)
        if bytes.first == UInt8(ascii: " ") {
            guard let lastCode else { throw .badReply("a continuation line before any code: \"\(line)\"") }
            pending.append(.init(code: lastCode, text: String(line.dropFirst())))
            return nil
        }
        guard bytes.count >= 5, bytes[0..<4].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            bytes[4] == UInt8(ascii: "-") || bytes[4] == UInt8(ascii: " "),
            let code = Int(String(decoding: bytes[0..<4], as: UTF8.self))
        else {
            throw .badReply("not a line of BIRD's control protocol: \"\(line.prefix(120))\"")
        }
        let text = String(decoding: bytes[5...], as: UTF8.self)
        pending.append(.init(code: code, text: text))
        lastCode = code
        guard bytes[4] == UInt8(ascii: " ") else { return nil }
        let reply = BirdReply(lines: pending)
        pending = []
        lastCode = nil
        return reply
    }
}
