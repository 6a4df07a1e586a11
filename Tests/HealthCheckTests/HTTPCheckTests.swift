import CheckVocabulary
import Addressing
import DaemonSupport
import HealthCheck
import Testing

@Suite struct HTTPCheckTests {
    static func httpResponse(_ status: String, body: String, extraHeaders: String = "") -> [UInt8] {
        bytes("HTTP/1.1 \(status)\r\nContent-Length: \(body.utf8.count)\r\n\(extraHeaders)\r\n\(body)")
    }

    @Test func okStatusPasses() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .reply(Self.httpResponse("200 OK", body: "ok")))
        defer { server.stop() }
        let check = try HTTPCheck(endpoint: loopback(server.port), path: "/health")
        #expect(harness.result(of: check) == .passed("HTTP 200 from 127.0.0.1:\(server.port) /health"))
    }

    @Test func unexpectedStatusFailsNamingServerPathAndRanges() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .reply(Self.httpResponse("503 Service Unavailable", body: "busy")))
        defer { server.stop() }
        let check = try HTTPCheck(endpoint: loopback(server.port), path: "/health")
        #expect(
            harness.result(of: check)
                == .failed("HTTP 503 from 127.0.0.1:\(server.port) /health, expected 200-299"))
        // A status list that accepts 503 (a maintenance page counted as up).
        let lenient = try HTTPCheck(
            endpoint: loopback(server.port), path: "/health", expectedStatus: HTTPStatusRanges(parsing: "2xx,503"))
        #expect(harness.result(of: lenient)?.isPassed == true)
    }

    @Test func bodyRegexMustMatch() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .reply(Self.httpResponse("200 OK", body: "status: degraded\n")))
        defer { server.stop() }
        let failing = try HTTPCheck(endpoint: loopback(server.port), path: "/health", bodyRegex: POSIXRegex("ok$"))
        #expect(
            harness.result(of: failing)
                == .failed("HTTP 200 from 127.0.0.1:\(server.port) /health: body does not match \"ok$\""))
        let passing = try HTTPCheck(
            endpoint: loopback(server.port), path: "/health", bodyRegex: POSIXRegex("status: (ok|degraded)"))
        #expect(harness.result(of: passing) == .passed("HTTP 200 from 127.0.0.1:\(server.port) /health"))
    }

    @Test func bodyDigestMustMatch() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .reply(Self.httpResponse("200 OK", body: "hello")))
        defer { server.stop() }
        let wrong = try HTTPCheck(
            endpoint: loopback(server.port), path: "/index.html",
            expectedDigest: MD5Digest(hex: "444bcb3a3fcf8389296c49467f27e1d6"))
        #expect(
            harness.result(of: wrong)
                == .failed(
                    "HTTP 200 from 127.0.0.1:\(server.port) /index.html: body MD5 5d41402abc4b2a76b9719d911017c592, expected 444bcb3a3fcf8389296c49467f27e1d6"
                ))
        let right = try HTTPCheck(
            endpoint: loopback(server.port), path: "/index.html", bodyRegex: POSIXRegex("^hel"),
            expectedDigest: MD5Digest(hex: "5d41402abc4b2a76b9719d911017c592"))
        #expect(harness.result(of: right)?.isPassed == true)
    }

    @Test func longBodyIsHashedWholeAndMatchedByItsStart() throws {
        let harness = try CheckHarness()
        // 100,000 bytes in ten writes; md5 from python3's hashlib.md5(b"x" * 100000).
        let head = bytes("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        let parts = [head] + Array(repeating: [UInt8](repeating: UInt8(ascii: "x"), count: 10_000), count: 10)
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .replyInParts(parts, gap: .milliseconds(2)))
        defer { server.stop() }
        let check = try HTTPCheck(
            endpoint: loopback(server.port), bodyRegex: POSIXRegex("^x+$"),
            expectedDigest: MD5Digest(hex: "d5816f35916d1d9482fb0f1ec201101d"))
        #expect(harness.result(of: check) == .passed("HTTP 200 from 127.0.0.1:\(server.port) /"))
        let wrongDigest = try HTTPCheck(
            endpoint: loopback(server.port), bodyRegex: POSIXRegex("y"),
            expectedDigest: MD5Digest(hex: "d5816f35916d1d9482fb0f1ec201101d"))
        #expect(
            harness.result(of: wrongDigest)
                == .failed(
                    "HTTP 200 from 127.0.0.1:\(server.port) /: body (its first 65536 bytes) does not match \"y\""))
    }

    @Test func digestDoesNotExcuseABadStatus() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .reply(Self.httpResponse("500 Internal Server Error", body: "hello")))
        defer { server.stop() }
        let check = try HTTPCheck(
            endpoint: loopback(server.port), expectedDigest: MD5Digest(hex: "5d41402abc4b2a76b9719d911017c592"))
        #expect(harness.result(of: check) == .failed("HTTP 500 from 127.0.0.1:\(server.port) /, expected 200-299"))
    }

    @Test func chunkedBodyInSlowPartsWithinTheTimeoutPasses() throws {
        let harness = try CheckHarness()
        let parts = [
            bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), bytes("2\r\nok\r\n"), bytes("0\r\n\r\n"),
        ]
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .replyInParts(parts, gap: .milliseconds(50)))
        defer { server.stop() }
        let check = try HTTPCheck(endpoint: loopback(server.port), bodyRegex: POSIXRegex("^ok$"))
        #expect(harness.result(of: check, timeout: .seconds(2)) == .passed("HTTP 200 from 127.0.0.1:\(server.port) /"))
    }

    @Test func serverThatHangsAfterTheHeadersFailsAtTheDeadline() throws {
        let harness = try CheckHarness()
        let parts = [bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789ab"), bytes("rest")]
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .replyInParts(parts, gap: .seconds(30)))
        defer { server.stop() }
        let check = try HTTPCheck(endpoint: loopback(server.port), path: "/health")
        let (result, took) = harness.timedResult(of: check, timeout: .milliseconds(400))
        #expect(
            result
                == .failed(
                    "no complete HTTP response from 127.0.0.1:\(server.port) /health within 0.4 s (headers received, body 12 of 100 bytes)"
                ))
        #expect(took >= .milliseconds(400) && took < .milliseconds(1400), "took \(took)")
    }

    @Test func silentServerFailsAtTheDeadline() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .silent)
        defer { server.stop() }
        let check = try HTTPCheck(endpoint: loopback(server.port), path: "/health")
        let (result, took) = harness.timedResult(of: check, timeout: .milliseconds(300))
        #expect(
            result
                == .failed(
                    "no complete HTTP response from 127.0.0.1:\(server.port) /health within 0.3 s (no bytes received)"))
        #expect(took >= .milliseconds(300) && took < .milliseconds(1300), "took \(took)")
    }

    @Test func refusedConnectionFails() throws {
        let harness = try CheckHarness()
        let port = unusedPort()
        let check = try HTTPCheck(endpoint: loopback(port))
        #expect(harness.result(of: check) == .failed("connect to 127.0.0.1:\(port): Connection refused"))
    }

    @Test func notHTTPFailsSaying() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .reply(bytes("SSH-2.0-OpenSSH_9.2\r\n")))
        defer { server.stop() }
        #expect(
            harness.result(of: try HTTPCheck(endpoint: loopback(server.port)))
                == .failed(
                    "bad HTTP response from 127.0.0.1:\(server.port) /: the connection closed inside the headers, after 21 bytes"
                ))
        server.behaviour = .closeImmediately
        #expect(
            harness.result(of: try HTTPCheck(endpoint: loopback(server.port)))
                == .failed("no HTTP response from 127.0.0.1:\(server.port) /: the server closed the connection"))
    }

    @Test func requestIsHTTP11WithHostAgentAndClose() throws {
        let harness = try CheckHarness()
        // A HEAD response announces a length but has no body: the check must not wait for one.
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .answerRequest(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n")))
        defer { server.stop() }
        let check = try HTTPCheck(endpoint: loopback(server.port), method: .head, path: "/a?b=c")
        #expect(harness.result(of: check) == .passed("HTTP 200 from 127.0.0.1:\(server.port) /a?b=c"))
        #expect(
            server.requests.map { String(decoding: $0, as: UTF8.self) } == [
                "HEAD /a?b=c HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nUser-Agent: lvsrouter-nanny\r\nAccept: */*\r\nConnection: close\r\n\r\n"
            ])
    }

    static let hosts: [(address: String, port: UInt16, tls: Bool, host: String)] = [
        ("10.0.1.11", 80, false, "10.0.1.11"),
        ("10.0.1.11", 8080, false, "10.0.1.11:8080"),
        ("10.0.1.11", 443, false, "10.0.1.11:443"),
        ("10.0.1.11", 443, true, "10.0.1.11"),
        ("10.0.1.11", 80, true, "10.0.1.11:80"),
        ("2001:db8::11", 80, false, "[2001:db8::11]"),
        ("2001:db8::11", 8443, true, "[2001:db8::11]:8443"),
    ]

    @Test(arguments: hosts)
    func defaultHostIsTheAddressWithANonDefaultPort(_ example: (address: String, port: UInt16, tls: Bool, host: String))
        throws
    {
        let endpoint = SocketAddress(address: IPAddress(example.address)!, port: example.port)
        let check = try HTTPCheck(endpoint: endpoint, tls: example.tls ? TLSCheckSettings() : nil)
        #expect(check.host == example.host)
    }

    @Test func explicitHostIsSent() throws {
        let check = try HTTPCheck(endpoint: loopback(80), host: "www.example.com")
        #expect(String(decoding: check.request, as: UTF8.self).contains("\r\nHost: www.example.com\r\n"))
        #expect(check.summary == "HTTP GET 127.0.0.1:80 /, Host www.example.com, expect 200-299")
    }

    static let badSettings: [(name: String, make: @Sendable () throws -> HTTPCheck, message: String)] = [
        (
            "relative path", { try HTTPCheck(endpoint: loopback(80), path: "health") },
            "HTTP check: path \"health\" must start with /"
        ),
        (
            "path with a blank", { try HTTPCheck(endpoint: loopback(80), path: "/a b") },
            "HTTP check: path \"/a b\" contains a blank or control character (escape it as %20 etc.)"
        ),
        (
            "host with CRLF", { try HTTPCheck(endpoint: loopback(80), host: "a\r\nX: y") },
            "HTTP check: Host \"a\r\nX: y\" must be a non-empty name without blanks"
        ),
        (
            "HEAD with a regex", { try HTTPCheck(endpoint: loopback(80), method: .head, bodyRegex: POSIXRegex("x")) },
            "HTTP check: HEAD request has no body to match a regex or digest against"
        ),
        (
            "empty SNI", { try HTTPCheck(endpoint: loopback(443), tls: TLSCheckSettings(serverName: "")) },
            "HTTP check: TLS server name \"\" must be a name without blanks"
        ),
    ]

    @Test(arguments: badSettings)
    func badSettingsAreRefused(_ example: (name: String, make: @Sendable () throws -> HTTPCheck, message: String)) {
        #expect {
            _ = try example.make()
        } throws: { error in
            "\(error)" == example.message
        }
    }
}
