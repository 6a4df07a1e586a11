import Control
import Testing

@Suite struct ControlMessageTests {
    func lvsd(_ text: String) -> Result<LVSDRequest, ControlRequestError> {
        Result { () throws(ControlRequestError) in try LVSDRequest(line: Array(text.utf8)) }
    }

    func pulse(_ text: String) -> Result<PulseRequest, ControlRequestError> {
        Result { () throws(ControlRequestError) in try PulseRequest(line: Array(text.utf8)) }
    }

    @Test func lvsdRequestsDecode() {
        #expect(lvsd(#"{"command":"status"}"#) == .success(.status))
        #expect(
            lvsd(#"{"command":"drain","target":"10.0.1.10:80"}"#)
                == .success(.drain(RealServerSelector("10.0.1.10:80")!)))
        #expect(
            lvsd(#"{ "target": "[2001:db8::10]:80", "command": "enable" }"#)
                == .success(.enable(RealServerSelector("[2001:db8::10]:80")!)))
        #expect(lvsd(#"{"command":"reload"}"#) == .success(.reload))
    }

    @Test func badLVSDRequestsNameWhatIsWrong() {
        let cases: [(String, String)] = [
            ("status", "request is not valid JSON (expected one object per line, like {\"command\":\"status\"})"),
            (#"["status"]"#, "request is not a JSON object (expected {\"command\": …})"),
            (#"{}"#, "request has no \"command\""),
            (#"{"command":7}"#, "\"command\" must be a string"),
            (
                #"{"command":"frobnicate"}"#,
                "unknown command \"frobnicate\" (lvsd understands: status, drain, enable, reload)"
            ),
            (#"{"command":"drain"}"#, "drain needs a \"target\": a real server as ADDRESS or ADDRESS:PORT"),
            (
                #"{"command":"drain","target":"10.0.1.300:80"}"#,
                "drain: \"10.0.1.300:80\" is not ADDRESS or ADDRESS:PORT"
            ),
            (#"{"command":"drain","target":80}"#, "drain: \"target\" must be a string"),
            (#"{"command":"status","target":"10.0.1.10"}"#, "status takes no \"target\""),
            (#"{"command":"enable","target":"10.0.1.10","force":"yes"}"#, "enable: unknown field \"force\""),
        ]
        for (text, message) in cases {
            #expect(lvsd(text) == .failure(ControlRequestError(message)), "\(text)")
        }
    }

    @Test func pulseRequests() {
        #expect(pulse(#"{"command":"failover"}"#) == .success(.failover))
        #expect(pulse(#"{"command":"takeover"}"#) == .success(.takeover))
        #expect(
            pulse(#"{"command":"drain"}"#)
                == .failure(
                    ControlRequestError(
                        "unknown command \"drain\" (pulse understands: status, failover, takeover, reload, drain-director, enable-director)"
                    )))
        #expect(pulse(#"{"command":"drain-director"}"#) == .success(.drainDirector))
        #expect(pulse(#"{"command":"enable-director"}"#) == .success(.enableDirector))
        #expect(PulseRequest.drainDirector.line == Array(#"{"command":"drain-director"}"#.utf8) + [0x0A])
        #expect(
            pulse(#"{"command":"status","verbose":"1"}"#)
                == .failure(ControlRequestError("status: unknown field \"verbose\"")))
    }

    @Test func requestLinesRoundTrip() throws {
        for request in [
            LVSDRequest.status, .reload, .drain(RealServerSelector("10.0.1.10:80")!),
            .enable(RealServerSelector("[::1]:8080")!),
        ] {
            #expect(request.line.last == UInt8(ascii: "\n"))
            #expect(try LVSDRequest(line: Array(request.line.dropLast())) == request)
        }
        #expect(
            String(decoding: LVSDRequest.drain(RealServerSelector("10.0.1.10:80")!).line, as: UTF8.self)
                == "{\"command\":\"drain\",\"target\":\"10.0.1.10:80\"}\n")
        for request in [PulseRequest.status, .failover, .takeover, .reload] {
            #expect(try PulseRequest(line: Array(request.line.dropLast())) == request)
        }
    }

    @Test func responseGoldenLines() throws {
        #expect(
            String(decoding: ControlResponse<LVSDStatus>.failure("unknown command \"x\"").line, as: UTF8.self)
                == "{\"error\":\"unknown command \\\"x\\\"\",\"ok\":false}\n")
        #expect(
            String(decoding: ControlResponse<LVSDStatus>.done("10.0.1.10:80 drained").line, as: UTF8.self)
                == "{\"message\":\"10.0.1.10:80 drained\",\"ok\":true}\n")
        let pulse = PulseStatus(
            role: .backup, state: .active, peerState: .dead,
            heartbeatPaths: [
                .init(name: "public", peerAddress: "192.0.2.1", lastHeartbeatAge: 6.5),
                .init(name: "private", peerAddress: "10.9.0.1"),
            ],
            virtualAddresses: ["192.0.2.100"])
        #expect(
            String(decoding: ControlResponse.success(pulse).line, as: UTF8.self) == """
                {"ok":true,"result":{"heartbeatPaths":[{"lastHeartbeatAge":6.5,"name":"public","peerAddress":"192.0.2.1"},\
                {"name":"private","peerAddress":"10.9.0.1"}],"peerState":"dead","role":"backup","state":"active",\
                "virtualAddresses":["192.0.2.100"]}}

                """)
    }

    @Test func statusRoundTripsAndNewlinesStayEscaped() throws {
        var status = sampleStatus
        status.services[0].realServers[0].lastCheck?.detail = "line one\nline two"
        let line = ControlResponse.success(status).line
        #expect(line.filter { $0 == UInt8(ascii: "\n") }.count == 1, "one line on the wire")
        #expect(try ControlResponse<LVSDStatus>(line: line) == .success(status))
    }

    @Test func unreadableResponseIsAnError() {
        #expect(throws: ControlClientError.badResponse("<html>")) {
            _ = try ControlResponse<LVSDStatus>(line: Array("<html>".utf8))
        }
    }
}
