import Testing
@testable import LVSConfig

/// Lines, tokens, quotes and line endings.
@Suite struct ConfigLineLexerTests {
    func lex(_ line: String) -> (ConfigLineLexer.Line, [String], [Int]) {
        let bytes = Array(line.utf8)
        var lexer = ConfigLineLexer()
        return bytes.withUnsafeBufferPointer { p in
            let kind = lexer.tokenize(p, from: 0, to: p.count)
            let texts = lexer.tokens.map { String(decoding: p[$0.start..<$0.end], as: UTF8.self) }
            return (kind, texts, lexer.tokens.map(\.column))
        }
    }

    @Test func tokensAndColumns() {
        let (kind, texts, columns) = lex("  key\t=  value ")
        #expect(kind == .tokens)
        #expect(texts == ["key", "=", "value"])
        #expect(columns == [3, 7, 10])
        #expect(lex("").0 == .blank)
        #expect(lex(" \t ").0 == .blank)
        #expect(lex("   # comment \"unterminated").0 == .comment)
        #expect(lex("a # not a comment").1 == ["a", "#", "not", "a", "comment"])
    }

    @Test func quotes() {
        #expect(lex(#"send = "a b" x"#).1 == ["send", "=", "a b", "x"])
        #expect(lex(#"send = 'it "is"'"#).1 == ["send", "=", #"it "is""#])
        #expect(lex(#"send = ab"c d"#).1 == ["send", "=", #"ab"c"#, "d"])
        #expect(lex(#"send = """#).1 == ["send", "=", ""])
        #expect(lex(#"send = "GET\r\n""#).1 == ["send", "=", #"GET\r\n"#])
        #expect(
            lex(#"send = "open"#).0
                == .problem(column: 8, message: "unterminated quote: the \" opened here has no closing \" on this line")
        )
        #expect(
            lex(#"send = 'open"#).0
                == .problem(column: 8, message: "unterminated quote: the ' opened here has no closing ' on this line"))
        #expect(
            lex(#"send = "a"b"#).0
                == .problem(
                    column: 11,
                    message: "text right after a closing quote: put a blank between the quoted value and what follows"))
    }

    @Test func carriageReturns() {
        #expect(
            lex("a = 1\rb = 2").0
                == .problem(
                    column: 6, message: "stray carriage return (\\r) inside the line: lines must end in LF or CRLF"))
        #expect(
            lex("a = \"x\ry\"").0
                == .problem(
                    column: 7, message: "stray carriage return (\\r) inside the line: lines must end in LF or CRLF"))
    }

    @Test func lineBounds() {
        let bytes = Array("a\r\nb\nc".utf8)
        bytes.withUnsafeBufferPointer { p in
            #expect(ConfigLineLexer.lineBounds(p, from: 0) == (1, 3))
            #expect(ConfigLineLexer.lineBounds(p, from: 3) == (4, 5))
            #expect(ConfigLineLexer.lineBounds(p, from: 5) == (6, 6))
        }
    }

    @Test func parserReportsLexicalProblemsWithTheKey() {
        let r = parseVirtual(#"    send = "GET /"#)
        #expect(r.lines == ["8:12: error: send: unterminated quote: the \" opened here has no closing \" on this line"])
        let oldMac = parseFragment("primary = 192.0.2.1\rnetwork = direct\r")
        #expect(
            oldMac.errors.map(\.message) == [
                "primary: stray carriage return (\\r) inside the line: lines must end in LF or CRLF"
            ])
        let mixed = parse((validGlobals + validVirtual).replacingOccurrences("eth0:1\n", "eth0:1\r\n"))
        #expect(mixed.diagnostics.isEmpty)
        let noFinalNewline = parse(validGlobals + validVirtual + "serial_no = 3")
        #expect(noFinalNewline.config.serialNumber == 3)
    }
}
