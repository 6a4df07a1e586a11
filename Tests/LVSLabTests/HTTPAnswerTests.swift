import LVSLab
import Testing

struct HTTPAnswerTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aBusyboxAnswerNamesItsServer() throws {
        let answer = try HTTPAnswer(
            parsing: bytes(
                "HTTP/1.1 200 OK\r\nDate: Sat, 21 Nov 2026 08:01:27 GMT\r\nConnection: close\r\nContent-type: text/html\r\n"
                    + "Content-Length: 4\r\n\r\nrs2\n"))
        #expect(answer.status == 200)
        #expect(answer.body == "rs2")
        #expect(answer.server == "rs2")
    }

    @Test func aBodyEndingInCRLFIsTrimmed() throws {
        #expect(try HTTPAnswer(parsing: bytes("HTTP/1.0 200 OK\r\n\r\n rs1\r\n")).server == "rs1")
    }

    @Test func anErrorStatusNamesNoServer() throws {
        let answer = try HTTPAnswer(parsing: bytes("HTTP/1.1 404 Not Found\r\n\r\nrs1\n"))
        #expect(answer.status == 404)
        #expect(answer.server == nil)
        #expect(try HTTPAnswer(parsing: bytes("HTTP/1.1 200 OK\r\n\r\n")).server == nil)
    }

    @Test func aTruncatedAnswerIsAnErrorSayingWhatWasRead() {
        #expect {
            try HTTPAnswer(parsing: bytes("HTTP/1.1 200 OK\r\nDate: x\r\n"))
        } throws: { error in
            "\(error)".contains("no end of headers in 26 bytes")
                && "\(error)".contains("HTTP/1.1 200 OK\\r\\nDate: x\\r\\n")
        }
    }

    @Test func aBadStatusLineIsAnErrorQuotingIt() {
        for text in [
            "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "HTTP/1.1 999 What\r\n\r\n", "HTTP/2 200\r\n\r\n",
        ] {
            #expect {
                try HTTPAnswer(parsing: bytes(text))
            } throws: { error in
                "\(error)".contains("bad status line")
            }
        }
    }
}
