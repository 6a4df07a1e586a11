import HealthCheck
import Testing

@Suite struct SMTPReplyReaderTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let label: String
        let reads: [String]
        let replies: [SMTPReply]
        let error: SMTPReplyError?
        var testDescription: String { label }
    }

    static let examples: [Example] = [
        Example(
            label: "one line", reads: ["220 mx.example.com ESMTP\r\n"],
            replies: [SMTPReply(code: 220, lines: ["220 mx.example.com ESMTP"])], error: nil),
        Example(
            label: "multi-line, cut anywhere",
            reads: ["250-mx.exam", "ple.com\r\n250-PIPELINING\r", "\n250 SIZE 1000\r\n"],
            replies: [SMTPReply(code: 250, lines: ["250-mx.example.com", "250-PIPELINING", "250 SIZE 1000"])],
            error: nil),
        Example(
            label: "bare LF and a code alone", reads: ["221\n"], replies: [SMTPReply(code: 221, lines: ["221"])],
            error: nil),
        Example(
            label: "two replies in one read", reads: ["220 hi\r\n250 ok\r\n"],
            replies: [SMTPReply(code: 220, lines: ["220 hi"]), SMTPReply(code: 250, lines: ["250 ok"])], error: nil),
        Example(label: "not finished", reads: ["220-first\r\n220 sec"], replies: [], error: nil),
        Example(
            label: "not SMTP", reads: ["HTTP/1.1 400 Bad Request\r\n"], replies: [],
            error: .malformedLine("HTTP/1.1 400 Bad Request")),
        Example(label: "code 600", reads: ["600 odd\r\n"], replies: [], error: .malformedLine("600 odd")),
        Example(label: "bad separator", reads: ["220_hi\r\n"], replies: [], error: .malformedLine("220_hi")),
        Example(
            label: "codes change mid-reply", reads: ["250-a\r\n220 b\r\n"], replies: [],
            error: .mixedCodes(first: 250, then: 220)),
        Example(
            label: "endless line", reads: [String(repeating: "x", count: 4097)], replies: [],
            error: .tooLong(limit: 4096)),
        Example(
            label: "endless continuation",
            reads: Array(repeating: "250-" + String(repeating: "y", count: 60) + "\r\n", count: 70),
            replies: [], error: .tooLong(limit: 4096)),
    ]

    @Test(arguments: examples)
    func readsRepliesAcrossReads(_ example: Example) {
        var reader = SMTPReplyReader()
        var replies: [SMTPReply] = []
        var error: SMTPReplyError?
        reading: for read in example.reads {
            reader.feed(Array(read.utf8))
            do {
                while let reply = try reader.next() { replies.append(reply) }
            } catch let caught {
                error = caught
                break reading
            }
        }
        #expect(replies == example.replies)
        #expect(error == example.error)
    }

    @Test func errorsAndRepliesReadPlainly() {
        #expect(SMTPReplyError.malformedLine("HTTP/1.1").description == "not an SMTP reply line: \"HTTP/1.1\"")
        #expect(SMTPReplyError.mixedCodes(first: 250, then: 220).description == "reply lines with codes 250 and 220")
        #expect(SMTPReplyError.tooLong(limit: 4096).description == "reply longer than 4096 bytes")
        #expect(SMTPReply(code: 250, lines: ["250-a", "250 b"]).description == "250-a\\n250 b")
    }
}
