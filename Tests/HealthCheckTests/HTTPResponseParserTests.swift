import HealthCheck
import Testing

@Suite struct HTTPResponseParserTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var headRequest = false
        /// What the parser says after all bytes and, if it still needs more, the end of stream.
        var expected: HTTPResponseParser.Progress
        var testDescription: String { name }
    }

    static func response(
        _ status: Int, _ reason: String = "OK", headers: [(String, String)] = [], body: String = "",
        md5: String? = nil
    ) -> HTTPResponseParser.Progress {
        .complete(
            HTTPResponse(
                status: status, reason: reason, headers: headers.map { (name: $0.0, value: $0.1) },
                bodyLength: body.utf8.count, bodyPrefix: Array(body.utf8),
                bodyMD5: md5.map { try! MD5Digest(hex: $0) }))
    }

    static let examples: [Example] = [
        Example(
            name: "content-length body",
            input: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: t\r\n\r\nhello",
            expected: response(
                200, headers: [("Content-Length", "5"), ("Server", "t")], body: "hello",
                md5: "5d41402abc4b2a76b9719d911017c592")),
        Example(
            name: "bytes after the content-length body are ignored",
            input: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA",
            expected: response(
                200, headers: [("Content-Length", "2")], body: "ok",
                md5: "444bcb3a3fcf8389296c49467f27e1d6")),
        Example(
            name: "chunked body with extension and trailer",
            input:
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nT: 1\r\n\r\n",
            expected: response(
                200, headers: [("Transfer-Encoding", "chunked")], body: "hello world",
                md5: "5eb63bbbe01eeed093cb22bb8f5acdc3")),
        Example(
            name: "chunked wins over content-length",
            input:
                "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            expected: response(
                200, headers: [("Content-Length", "99"), ("Transfer-Encoding", "gzip, Chunked")],
                body: "ok", md5: "444bcb3a3fcf8389296c49467f27e1d6")),
        Example(
            name: "body until close",
            input: "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\nhello",
            expected: response(
                503, "Service Unavailable", headers: [("Content-Type", "text/plain")], body: "hello",
                md5: "5d41402abc4b2a76b9719d911017c592")),
        Example(
            name: "bare LF line ends and no reason phrase",
            input: "HTTP/1.1 204\nX-A:  spaced value \t\n\n",
            expected: response(204, "", headers: [("X-A", "spaced value")], md5: "d41d8cd98f00b204e9800998ecf8427e")),
        Example(
            name: "HEAD has no body whatever the length says",
            input: "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", headRequest: true,
            expected: response(200, headers: [("Content-Length", "1000")], md5: "d41d8cd98f00b204e9800998ecf8427e")),
        Example(
            name: "304 has no body",
            input: "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
            expected: response(
                304, "Not Modified", headers: [("Content-Length", "10")],
                md5: "d41d8cd98f00b204e9800998ecf8427e")),
        Example(
            name: "interim 100 Continue is passed over",
            input: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            expected: response(
                200, headers: [("Content-Length", "2")], body: "ok",
                md5: "444bcb3a3fcf8389296c49467f27e1d6")),
        Example(
            name: "folded header line",
            input: "HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nContent-Length: 0\r\n\r\n",
            expected: response(
                200, headers: [("X-Long", "a b"), ("Content-Length", "0")],
                md5: "d41d8cd98f00b204e9800998ecf8427e")),
        Example(
            name: "repeated equal content-length",
            input: "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok",
            expected: response(
                200, headers: [("Content-Length", "2, 2")], body: "ok",
                md5: "444bcb3a3fcf8389296c49467f27e1d6")),
        // Malformed.
        Example(
            name: "not HTTP", input: "SSH-2.0-OpenSSH_9.2\r\n\r\n",
            expected: .malformed("the status line \"SSH-2.0-OpenSSH_9.2\" is not HTTP/1.x")),
        Example(
            name: "status code not three digits", input: "HTTP/1.1 20 OK\r\n\r\n",
            expected: .malformed("the status line \"HTTP/1.1 20 OK\" is not HTTP/1.x")),
        Example(
            name: "status below 100", input: "HTTP/1.1 099 Odd\r\n\r\n",
            expected: .malformed("the status code 99 is below 100")),
        Example(
            name: "header without colon", input: "HTTP/1.1 200 OK\r\nBroken header\r\n\r\n",
            expected: .malformed("the header line \"Broken header\" is not \"name: value\"")),
        Example(
            name: "blank before colon", input: "HTTP/1.1 200 OK\r\nName : v\r\n\r\n",
            expected: .malformed("the header line \"Name : v\" is not \"name: value\"")),
        Example(
            name: "fold without a field", input: "HTTP/1.1 200 OK\r\n x\r\n\r\n",
            expected: .malformed("the first header line \" x\" starts with a blank")),
        Example(
            name: "bad content-length", input: "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
            expected: .malformed("Content-Length \"12a\" is not a number")),
        Example(
            name: "conflicting content-length",
            input: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            expected: .malformed("conflicting Content-Length values 1, 2")),
        Example(
            name: "bad chunk size", input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            expected: .malformed("the chunk size \"zz\" is not a hexadecimal number")),
        Example(
            name: "chunk longer than its size",
            input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n",
            expected: .malformed("a chunk is longer than its size")),
        Example(
            name: "closed before any byte", input: "",
            expected: .malformed("the connection closed without a response")),
        Example(
            name: "closed inside the headers", input: "HTTP/1.1 200 OK\r\nContent-",
            expected: .malformed("the connection closed inside the headers, after 25 bytes")),
        Example(
            name: "closed inside a content-length body",
            input: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789ab",
            expected: .malformed("the connection closed after 12 of 100 body bytes")),
        Example(
            name: "closed inside a chunked body",
            input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
            expected: .malformed("the connection closed inside the chunked body, after 3 body bytes")),
    ]

    /// Feeds `pieces` then, if still incomplete, the end of stream.
    static func parse(_ pieces: [[UInt8]], headRequest: Bool) -> HTTPResponseParser.Progress {
        let parser = HTTPResponseParser(headRequest: headRequest, digest: true)
        var progress = HTTPResponseParser.Progress.needMore
        for piece in pieces where progress == .needMore {
            progress = parser.feed(piece)
        }
        return progress == .needMore ? parser.finish() : progress
    }

    @Test(arguments: examples)
    func wholeInput(_ example: Example) {
        #expect(Self.parse([Array(example.input.utf8)], headRequest: example.headRequest) == example.expected)
    }

    @Test(arguments: examples)
    func splitAtEveryByte(_ example: Example) {
        let bytes = Array(example.input.utf8)
        #expect(Self.parse(bytes.map { [$0] }, headRequest: example.headRequest) == example.expected, "byte by byte")
        for cut in 0...bytes.count {
            let pieces = [Array(bytes[..<cut]), Array(bytes[cut...])]
            #expect(Self.parse(pieces, headRequest: example.headRequest) == example.expected, "cut at \(cut)")
        }
    }

    @Test func headersOverTheLimitAreRefused() {
        let parser = HTTPResponseParser()
        let line = Array("X-Filler: \(String(repeating: "a", count: 100))\r\n".utf8)
        var progress = parser.feed(Array("HTTP/1.1 200 OK\r\n".utf8))
        for _ in 0..<200 where progress == .needMore { progress = parser.feed(line) }
        #expect(progress == .malformed("the headers are longer than 16384 bytes"))
    }

    @Test func longBodyIsKeptUpToTheLimitButHashedWhole() {
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: 100_000)
        let parser = HTTPResponseParser(digest: true, bodyKeepLimit: 1000)
        var progress = parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".utf8))
        var offset = 0
        while progress == .needMore && offset < body.count {
            progress = parser.feed(body[offset..<min(offset + 4096, body.count)])
            offset += 4096
        }
        guard case .complete(let response) = progress else {
            Issue.record("not complete: \(progress)")
            return
        }
        #expect(response.bodyLength == 100_000)
        #expect(response.bodyPrefix.count == 1000)
        #expect(response.isBodyTruncated)
        // md5 of 100,000 'x' bytes (python3 -c "import hashlib; print(hashlib.md5(b'x'*100000).hexdigest())").
        #expect(response.bodyMD5?.description == "d5816f35916d1d9482fb0f1ec201101d")
    }

    @Test func withoutDigestNoMD5IsComputed() {
        let parser = HTTPResponseParser()
        guard case .complete(let response) = parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8))
        else {
            Issue.record("not complete")
            return
        }
        #expect(response.bodyMD5 == nil)
        #expect(response.header("content-length") == "2")
    }

    @Test func progressSaysHowFarTheResponseGot() {
        let parser = HTTPResponseParser()
        #expect(parser.progressDescription == "no bytes received")
        _ = parser.feed(Array("HTTP/1.1 200 OK\r\n".utf8))
        #expect(parser.progressDescription == "headers incomplete, 17 bytes received")
        _ = parser.feed(Array("Content-Length: 100\r\n\r\n0123456789ab".utf8))
        #expect(parser.progressDescription == "headers received, body 12 of 100 bytes")
        let chunked = HTTPResponseParser()
        _ = chunked.feed(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n".utf8))
        #expect(chunked.progressDescription == "headers received, body 3 bytes so far")
    }
}
