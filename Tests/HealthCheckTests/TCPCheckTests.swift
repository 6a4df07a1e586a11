import DaemonSupport
import HealthCheck
import Testing

@Suite struct TCPCheckTests {
    @Test func bannerWithTheExpectedPrefixPasses() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .reply(bytes("SSH-2.0-OpenSSH_9.2\r\n")))
        defer { server.stop() }
        let result = harness.result(of: TCPCheck(endpoint: loopback(server.port), expect: .prefix(bytes("SSH-2.0"))))
        #expect(result == .passed("127.0.0.1:\(server.port) replied \"SSH-2.0-OpenSSH_9.2\\r\\n\""))
    }

    @Test func wrongBannerFailsNamingBoth() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .reply(bytes("220 smtp ready\r\n")))
        defer { server.stop() }
        let result = harness.result(of: TCPCheck(endpoint: loopback(server.port), expect: .prefix(bytes("HTTP"))))
        #expect(
            result == .failed("127.0.0.1:\(server.port): reply \"220 smtp ready\\r\\n\" does not start with \"HTTP\""))
    }

    @Test func refusedConnectionFails() throws {
        let harness = try CheckHarness()
        let port = unusedPort()
        let result = harness.result(of: TCPCheck(endpoint: loopback(port)))
        #expect(result == .failed("connect to 127.0.0.1:\(port): Connection refused"))
    }

    @Test func connectOnlyCheckPassesOnConnect() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .silent)
        defer { server.stop() }
        #expect(
            harness.result(of: TCPCheck(endpoint: loopback(server.port)))
                == .passed("connected to 127.0.0.1:\(server.port)"))
    }

    @Test func sendThenExpectTheEcho() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .echoLine(prefix: bytes("+OK ")))
        defer { server.stop() }
        let check = TCPCheck(
            endpoint: loopback(server.port), send: bytes("PING\r\n"), expect: .prefix(bytes("+OK PING")))
        #expect(harness.result(of: check)?.isPassed == true)
    }

    @Test func defaultHTTPProbeSendsAGetAndExpectsHTTP() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .echoLine(prefix: bytes("HTTP/1.0 200 OK echo ")))
        defer { server.stop() }
        let result = harness.result(of: TCPCheck.defaultHTTP(endpoint: loopback(server.port)))
        // The server echoes the request line: it proves what the probe sent.
        #expect(result == .passed("127.0.0.1:\(server.port) replied \"HTTP/1.0 200 OK echo GET / HTTP/1.0\\r\\n\""))
    }

    @Test func silentServerTimesOut() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .silent)
        defer { server.stop() }
        let (result, took) = harness.timedResult(
            of: TCPCheck(endpoint: loopback(server.port), expect: .prefix(bytes("HTTP"))), timeout: .milliseconds(300))
        #expect(result == .failed("no reply from 127.0.0.1:\(server.port) within 0.3 s"))
        #expect(took >= .milliseconds(300) && took < .seconds(2), "took \(took)")
    }

    @Test func slowServerWithinTheTimeoutPassesBeyondItFails() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .replyAfter(.milliseconds(150), bytes("HTTP/1.1 200")))
        defer { server.stop() }
        let check = TCPCheck(endpoint: loopback(server.port), expect: .prefix(bytes("HTTP")))
        #expect(harness.result(of: check, timeout: .milliseconds(600))?.isPassed == true)
        server.behaviour = .replyAfter(.milliseconds(600), bytes("HTTP/1.1 200"))
        #expect(
            harness.result(of: check, timeout: .milliseconds(200))
                == .failed("no reply from 127.0.0.1:\(server.port) within 0.2 s"))
    }

    @Test func replySplitAcrossSegmentsIsAssembled() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .replyInParts([bytes("HT"), bytes("TP/1.0 200")], gap: .milliseconds(50)))
        defer { server.stop() }
        #expect(
            harness.result(of: TCPCheck(endpoint: loopback(server.port), expect: .prefix(bytes("HTTP/1.0"))))?.isPassed
                == true)
    }

    @Test func shortReplyThenCloseFails() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .reply(bytes("HT")))
        defer { server.stop() }
        let result = harness.result(of: TCPCheck(endpoint: loopback(server.port), expect: .prefix(bytes("HTTP"))))
        #expect(result == .failed("127.0.0.1:\(server.port): reply \"HT\" is shorter than the expected \"HTTP\""))
    }

    @Test func closeWithoutReplyFails() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .closeImmediately)
        defer { server.stop() }
        let result = harness.result(of: TCPCheck(endpoint: loopback(server.port), expect: .anyReply))
        #expect(
            result == .failed("127.0.0.1:\(server.port) closed the connection without replying (expected any reply)"))
    }

    @Test func anyReplyAndRegex() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .reply(bytes("HTTP/1.1 503 Service Unavailable\r\n")))
        defer { server.stop() }
        #expect(harness.result(of: TCPCheck(endpoint: loopback(server.port), expect: .anyReply))?.isPassed == true)
        let healthy = try POSIXRegex("^HTTP/1\\.[01] (200|30[12])")
        let result = harness.result(of: TCPCheck(endpoint: loopback(server.port), expect: .regex(healthy)))
        #expect(
            result
                == .failed(
                    "127.0.0.1:\(server.port): reply \"HTTP/1.1 503 Service Unavailable\\r\\n\" does not match /^HTTP/1\\.[01] (200|30[12])/"
                ))
        server.behaviour = .reply(bytes("HTTP/1.0 302 Found\r\n"))
        #expect(
            harness.result(of: TCPCheck(endpoint: loopback(server.port), expect: .regex(healthy)))?.isPassed == true)
    }

    @Test func cancelledCheckNeverCompletes() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .silent)
        defer { server.stop() }
        var completed = false
        let running = TCPCheck(endpoint: loopback(server.port), expect: .anyReply)
            .start(CheckContext(loop: harness.loop, reaper: harness.reaper, timeout: .milliseconds(100))) { _ in
                completed = true
            }
        run(harness.loop, for: .milliseconds(30))
        running.cancel()
        run(harness.loop, for: .milliseconds(200))
        #expect(!completed)
    }
}
