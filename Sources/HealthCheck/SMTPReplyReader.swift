/// Splits the bytes a server sends into ``SMTPReply`` values, however they are cut into reads.
/// Lines end with CRLF (a bare LF is taken too); a reply may be at most ``replyLimit`` bytes.
public struct SMTPReplyReader: Sendable {
    /// The most bytes one reply may take, its line ends included.
    public static let replyLimit = 4096

    private var buffer: [UInt8] = []

    /// An empty reader.
    public init() {}

    /// Whether bytes of an unfinished reply are waiting.
    public var hasPartialReply: Bool { !buffer.isEmpty }

    /// Adds received bytes.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        buffer += bytes
    }

    /// The next whole reply, or nil until more bytes arrive.
    public mutating func next() throws(SMTPReplyError) -> SMTPReply? {
        var lines: [String] = []
        var code: Int?
        var position = 0
        while let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
            guard newline < Self.replyLimit else { throw .tooLong(limit: Self.replyLimit) }
            var line = buffer[position..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            let (lineCode, isLast) = try Self.parse(line)
            if let code, code != lineCode { throw .mixedCodes(first: code, then: lineCode) }
            code = lineCode
            lines.append(String(decoding: line, as: UTF8.self))
            position = newline + 1
            if isLast {
                buffer.removeFirst(position)
                return SMTPReply(code: lineCode, lines: lines)
            }
        }
        if buffer.count > Self.replyLimit { throw .tooLong(limit: Self.replyLimit) }
        return nil
    }

    /// The code of one line and whether it is the reply's last.
    private static func parse(_ line: ArraySlice<UInt8>) throws(SMTPReplyError) -> (Int, Bool) {
        let digits = line.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(digits.first!)
        else { throw .malformedLine(CheckEscapes.printable(line, limit: 80)) }
        let code = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard line.count > 3 else { return (code, true) }
        switch line[line.startIndex + 3] {
        case UInt8(ascii: " "): return (code, true)
        case UInt8(ascii: "-"): return (code, false)
        default: throw .malformedLine(CheckEscapes.printable(line, limit: 80))
        }
    }
}
