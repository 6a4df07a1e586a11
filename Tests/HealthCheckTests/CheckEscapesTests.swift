import HealthCheck
import Testing

@Suite struct CheckEscapesTests {
    @Test func piranhaEscapesAreTranslated() {
        #expect(CheckEscapes.translate(#"GET / HTTP/1.0\r\n\r\n"#) == Array("GET / HTTP/1.0\r\n\r\n".utf8))
        #expect(CheckEscapes.translate(#"a\tb\\c\'d\"e"#) == Array("a\tb\\c'd\"e".utf8))
    }

    @Test func otherBackslashSequencesStayAsWritten() {
        #expect(CheckEscapes.translate(#"^HTTP/1\.[01]"#) == Array(#"^HTTP/1\.[01]"#.utf8))
        #expect(CheckEscapes.translate(#"trailing\"#) == Array(#"trailing\"#.utf8))
        #expect(CheckEscapes.translate(#"\\n"#) == Array(#"\n"#.utf8), "an escaped backslash then n")
    }

    @Test func printableShowsControlBytesAndCutsLongText() {
        #expect(CheckEscapes.printable(Array("OK\r\n\t\"q\"\\".utf8)) == #"OK\r\n\t\"q\"\\"#)
        #expect(CheckEscapes.printable([0x00, 0xFF, 0x41]) == #"\x00\xffA"#)
        #expect(CheckEscapes.printable(Array(repeating: UInt8(ascii: "a"), count: 70), limit: 4) == "aaaa…")
    }
}

@Suite struct ReplyExpectationTests {
    let http = Array("HTTP".utf8)

    @Test func prefixNeedsEnoughBytesThenMatches() {
        let expectation = ReplyExpectation.prefix(http)
        #expect(expectation.verdict(on: Array("HT".utf8), complete: false) == .needMore)
        #expect(expectation.verdict(on: Array("HTTP/1.0 200".utf8), complete: false) == .matched)
        #expect(
            expectation.verdict(on: Array("HTX".utf8), complete: false)
                == .mismatch("reply \"HTX\" does not start with \"HTTP\""))
        #expect(
            expectation.verdict(on: Array("HT".utf8), complete: true)
                == .mismatch("reply \"HT\" is shorter than the expected \"HTTP\""))
    }

    @Test func anyReplyNeedsOneByte() {
        #expect(ReplyExpectation.anyReply.verdict(on: [], complete: false) == .needMore)
        #expect(ReplyExpectation.anyReply.verdict(on: [], complete: true) == .mismatch("empty reply"))
        #expect(ReplyExpectation.anyReply.verdict(on: [0], complete: false) == .matched)
    }

    @Test func regexMatchesAnywhereUnlessAnchored() throws {
        let expectation = ReplyExpectation.regex(try POSIXRegex("200 OK|204"))
        #expect(expectation.verdict(on: Array("HTTP/1.1 200 OK".utf8), complete: false) == .matched)
        #expect(expectation.verdict(on: Array("HTTP/1.1 ".utf8), complete: false) == .needMore)
        #expect(
            expectation.verdict(on: Array("HTTP/1.1 500".utf8), complete: true)
                == .mismatch("reply \"HTTP/1.1 500\" does not match /200 OK|204/"))
    }

    @Test func badRegexIsANamedError() {
        #expect {
            _ = try POSIXRegex("(unclosed")
        } throws: { error in
            "\(error)".hasPrefix("bad regular expression \"(unclosed\": ")
        }
    }

    @Test func regexIsExtendedSyntax() throws {
        // "+" and "{n}" are extended-syntax operators.
        let regex = try POSIXRegex("^a+b{2}$")
        #expect(regex.matches(Array("aaabb".utf8)))
        #expect(!regex.matches(Array("a+b{2}".utf8)))
    }
}
