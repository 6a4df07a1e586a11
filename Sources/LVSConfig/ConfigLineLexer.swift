#if canImport(Glibc)
import Glibc
#endif

/// Splits lvs.cf bytes into physical lines and a line into tokens, with Piranha's lexical rules:
/// blanks are space and tab; a line whose first non-blank byte is `#` is a comment; a token that
/// starts with `"` or `'` runs to the next matching quote on the same line; backslashes are not
/// interpreted. Unlike Piranha, a quoted token may be followed by blanks or more tokens, lines may
/// end in LF or CRLF, and a carriage return anywhere else is an error.
struct ConfigLineLexer {
    /// What one line holds.
    enum Line: Equatable {
        /// Nothing but blanks.
        case blank
        /// A `#` comment line.
        case comment
        /// At least one token (in the lexer's token buffer).
        case tokens
        /// A lexical error; the tokens before it are in the buffer but the line is unusable.
        case problem(column: Int, message: String)
    }

    /// The tokens of the last line tokenized; reused from line to line.
    private(set) var tokens: [ConfigToken] = []

    init() { tokens.reserveCapacity(16) }

    /// The bounds of the physical line starting at `start`: where its content ends (before an
    /// LF or CRLF) and where the next line starts.
    static func lineBounds(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (contentEnd: Int, next: Int) {
        let count = bytes.count
        var i = start
        if let base = bytes.baseAddress, start < count,
            let hit = memchr(base + start, 0x0A, count - start)
        {
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        } else {
            i = count
        }
        let next = i < count ? i + 1 : count
        var contentEnd = i
        if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        return (contentEnd, next)
    }

    /// Tokenizes `bytes[start..<end]` (one line's content, without its line ending).
    mutating func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Line {
        tokens.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 { i += 1; continue }
            if b == 0x0D {
                return .problem(
                    column: i - start + 1,
                    message: "stray carriage return (\\r) inside the line: lines must end in LF or CRLF")
            }
            if tokens.isEmpty && b == UInt8(ascii: "#") {
                return .comment
            }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                let open = i
                var j = i + 1
                var control = false
                while j < end && bytes[j] != b {
                    let c = bytes[j]
                    if c == 0x0D {
                        return .problem(
                            column: j - start + 1,
                            message: "stray carriage return (\\r) inside the line: lines must end in LF or CRLF")
                    }
                    if c < 0x20 && c != 0x09 || c == 0x7F { control = true }
                    j += 1
                }
                if j >= end {
                    let q = b == UInt8(ascii: "\"") ? "\"" : "'"
                    return .problem(
                        column: open - start + 1,
                        message: "unterminated quote: the \(q) opened here has no closing \(q) on this line")
                }
                if j + 1 < end {
                    let after = bytes[j + 1]
                    if after != 0x20 && after != 0x09 && after != 0x0D {
                        return .problem(
                            column: j + 1 - start + 1,
                            message:
                                "text right after a closing quote: put a blank between the quoted value and what follows"
                        )
                    }
                }
                tokens.append(
                    ConfigToken(start: open + 1, end: j, quote: b, column: open - start + 1, hasControlByte: control))
                i = j + 1
                continue
            }
            let tokenStart = i
            var control = false
            while i < end {
                let c = bytes[i]
                if c == 0x20 || c == 0x09 { break }
                if c == 0x0D {
                    return .problem(
                        column: i - start + 1,
                        message: "stray carriage return (\\r) inside the line: lines must end in LF or CRLF")
                }
                if c < 0x20 || c == 0x7F { control = true }
                i += 1
            }
            tokens.append(
                ConfigToken(
                    start: tokenStart, end: i, quote: 0, column: tokenStart - start + 1, hasControlByte: control))
        }
        return tokens.isEmpty ? .blank : .tokens
    }
}
