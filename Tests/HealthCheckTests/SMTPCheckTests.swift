import DaemonSupport
import HealthCheck
import Testing

@Suite struct SMTPCheckTests {
    static let greeting = ["220-mx.example.com ESMTP\r\n", "220 no UCE\r\n"]
    static let ehlo = "250-mx.example.com\r\n250-PIPELINING\r\n250 SIZE 10240000\r\n"

    func check(_ server: SMTPTestServer) throws -> SMTPCheck {
        try SMTPCheck(endpoint: loopback(server.port), heloName: "director1.example.com")
    }

    @Test func aGoodConversationPasses() throws {
        let harness = try CheckHarness()
        let server = try SMTPTestServer(
            loop: harness.loop, .conversation(greeting: Self.greeting, ehlo: Self.ehlo, quit: "221 bye\r\n"))
        defer { server.stop() }
        #expect(
            harness.result(of: try check(server))
                == .passed(
                    "SMTP 127.0.0.1:\(server.port) greeted \"220-mx.example.com ESMTP\" and accepted EHLO director1.example.com"
                ))
        #expect(server.commands == ["EHLO director1.example.com", "QUIT"])
    }

    @Test func aCloseInsteadOf221Passes() throws {
        let harness = try CheckHarness()
        let server = try SMTPTestServer(
            loop: harness.loop, .conversation(greeting: ["220 hi\r\n"], ehlo: "250 ok\r\n", quit: nil))
        defer { server.stop() }
        #expect(harness.result(of: try check(server))?.isPassed == true)
    }

    @Test func a554GreetingFails() throws {
        let harness = try CheckHarness()
        let server = try SMTPTestServer(
            loop: harness.loop, .conversation(greeting: ["554 go away\r\n"], ehlo: Self.ehlo, quit: "221 bye\r\n"))
        defer { server.stop() }
        #expect(
            harness.result(of: try check(server))
                == .failed("SMTP 554 from 127.0.0.1:\(server.port) (greeting \"554 go away\"), expected 220"))
        #expect(server.commands.isEmpty)
    }

    @Test func aRejectedEHLOFails() throws {
        let harness = try CheckHarness()
        let server = try SMTPTestServer(
            loop: harness.loop,
            .conversation(greeting: ["220 hi\r\n"], ehlo: "500 5.5.1 command unrecognized\r\n", quit: "221 bye\r\n"))
        defer { server.stop() }
        #expect(
            harness.result(of: try check(server))
                == .failed("SMTP EHLO to 127.0.0.1:\(server.port): 500 5.5.1 command unrecognized, expected 250"))
    }

    @Test func aSilentServerTimesOutWithinTheTimeout() throws {
        let harness = try CheckHarness()
        let server = try SMTPTestServer(loop: harness.loop, .silent)
        defer { server.stop() }
        let (result, took) = harness.timedResult(of: try check(server), timeout: .milliseconds(300))
        #expect(result == .failed("no SMTP greeting from 127.0.0.1:\(server.port) within 0.3 s"))
        #expect(took >= .milliseconds(300) && took < .seconds(1), "took \(took)")
    }

    @Test func aGreetingThatNeverEndsTimesOut() throws {
        let harness = try CheckHarness()
        let server = try SMTPTestServer(
            loop: harness.loop, .conversation(greeting: ["220-still\r\n", "220-going\r\n"], ehlo: nil, quit: nil))
        defer { server.stop() }
        let result = harness.result(of: try check(server), timeout: .milliseconds(300))
        #expect(result == .failed("no SMTP greeting from 127.0.0.1:\(server.port) within 0.3 s"))
    }

    @Test func aCloseAfterEHLOFails() throws {
        let harness = try CheckHarness()
        let server = try SMTPTestServer(
            loop: harness.loop, .conversation(greeting: ["220 hi\r\n"], ehlo: nil, quit: nil))
        defer { server.stop() }
        #expect(
            harness.result(of: try check(server))
                == .failed("SMTP 127.0.0.1:\(server.port) closed the connection without answering EHLO"))
    }

    @Test func aCloseInTheMiddleOfTheGreetingFails() throws {
        let harness = try CheckHarness()
        let server = try SMTPTestServer(
            loop: harness.loop, .conversation(greeting: ["220-half\r\n"], ehlo: nil, quit: nil))
        defer { server.stop() }
        // The server closes when the check hangs up; here it never does, so close it from the side.
        harness.loop.schedule(after: .milliseconds(50)) { server.stop() }
        #expect(
            harness.result(of: try check(server))
                == .failed(
                    "SMTP 127.0.0.1:\(server.port) closed the connection in the middle of a reply before its greeting was complete"
                ))
    }

    @Test func notSMTPFails() throws {
        let harness = try CheckHarness()
        let server = try SMTPTestServer(
            loop: harness.loop, .conversation(greeting: ["SSH-2.0-OpenSSH_9.2\r\n"], ehlo: nil, quit: nil))
        defer { server.stop() }
        #expect(
            harness.result(of: try check(server))
                == .failed(
                    "SMTP 127.0.0.1:\(server.port) after the greeting: not an SMTP reply line: \"SSH-2.0-OpenSSH_9.2\"")
        )
    }

    @Test func aRefusedConnectionFails() throws {
        let harness = try CheckHarness()
        let port = try DNSTestServer.closedStreamPort()
        #expect(
            harness.result(of: try SMTPCheck(endpoint: loopback(port), heloName: "d1"))
                == .failed("SMTP connect to 127.0.0.1:\(port): Connection refused"))
    }

    @Test(arguments: [
        ("", "empty"), ("two words", "character 0x20 (only printable ASCII without spaces)"),
        ("crlf\r\nRCPT", "character 0xd (only printable ASCII without spaces)"),
        (String(repeating: "h", count: 256), "256 bytes, more than 255"),
    ])
    func badEHLONamesAreRefused(name: String, reason: String) {
        #expect(throws: SMTPSettingError.invalidHeloName(name, reason: reason)) {
            try SMTPCheck(endpoint: loopback(25), heloName: name)
        }
    }

    @Test func theDefaultEHLONameIsThisHostsName() throws {
        let check = try SMTPCheck(endpoint: loopback(25))
        // The kernel's node name, as the system shows it.
        let node = String(decoding: try readFile("/proc/sys/kernel/hostname"), as: UTF8.self)
        #expect(check.heloName == node.split(separator: "\n").first.map(String.init))
        #expect(try HostName.current() == check.heloName)
        #expect(check.summary == "SMTP 127.0.0.1:25, EHLO \(check.heloName)")
    }
}
