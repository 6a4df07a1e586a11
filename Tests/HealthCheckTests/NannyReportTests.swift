import HealthCheck
import Testing

@Suite struct NannyReportTests {
    func text(_ report: NannyReport) -> String { String(decoding: report.encoded, as: UTF8.self) }

    @Test func goldenLines() {
        #expect(
            text(.up(weight: 10, reason: "check passed: 10.0.1.10:80 replied \"HTTP/1.1 200\""))
                == "1 UP 10 check passed: 10.0.1.10:80 replied \"HTTP/1.1 200\"\n")
        #expect(text(.weight(20)) == "1 WEIGHT 20\n")
        #expect(
            text(.down(reason: "connect to 10.0.1.10:80: Connection refused"))
                == "1 DOWN connect to 10.0.1.10:80: Connection refused\n")
        #expect(text(.check(.passed("ok"))) == "1 CHECK PASS ok\n")
        #expect(text(.check(.failed("no"))) == "1 CHECK FAIL no\n")
        #expect(text(.mode(.forcedDown)) == "1 MODE FORCED-DOWN\n")
        #expect(text(.mode(.forcedUp)) == "1 MODE FORCED-UP\n")
        #expect(text(.mode(.checking)) == "1 MODE CHECKING\n")
        #expect(text(.up(weight: 0, reason: "")) == "1 UP 0 \n")
        #expect(text(.checkDuration(.microseconds(4217))) == "1 CHECK-TIME 4217\n")
        #expect(text(.checkDuration(.seconds(2) + .nanoseconds(1500))) == "1 CHECK-TIME 2000001\n")
    }

    @Test func newlinesAndBackslashesAreEscaped() throws {
        let report = NannyReport.down(reason: "line1\nline2\r\\end")
        #expect(text(report) == "1 DOWN line1\\nline2\\r\\\\end\n")
        var decoder = NannyReportDecoder()
        #expect(try decoder.feed(report.encoded).map { try $0.get() } == [report])
    }

    @Test func everyMessageRoundTrips() throws {
        let reports: [NannyReport] = [
            .up(weight: 2_147_483_647, reason: "forced up by administrator"), .weight(0), .down(reason: ""),
            .check(.passed("é ✓ \\ \n")), .check(.failed("x")), .mode(.checking), .mode(.forcedUp), .mode(.forcedDown),
            .checkDuration(.microseconds(12)),
        ]
        var decoder = NannyReportDecoder()
        let stream = reports.flatMap(\.encoded)
        // Fed one byte at a time: partial lines are kept between calls.
        var decoded: [NannyReport] = []
        for byte in stream { decoded += try decoder.feed([byte]).map { try $0.get() } }
        #expect(decoded == reports)
        #expect(decoder.pendingByteCount == 0)
    }

    @Test func badLinesAreErrorsThatNameTheLineAndDecodingGoesOn() throws {
        var decoder = NannyReportDecoder()
        let results = decoder.feed(
            Array(
                "2 UP 1 x\n1 HELLO\n1 UP ten x\n1 WEIGHT 5 extra\n1 MODE SIDEWAYS\n1 DOWN bad\\q\n1 CHECK-TIME -3\n1 WEIGHT 7\n"
                    .utf8))
        let errors = results.compactMap { result -> String? in
            if case .failure(let error) = result { return error.description }
            return nil
        }
        #expect(
            errors == [
                "nanny report line 1: unsupported report protocol version \"2\" (this side speaks 1)",
                "nanny report line 2: unknown message type \"HELLO\"",
                "nanny report line 3: bad weight \"ten\" (expected 0 to 2147483647)",
                "nanny report line 4: bad field \"extra\"",
                "nanny report line 5: bad field \"SIDEWAYS\"",
                "nanny report line 6: bad escape \"\\q\"",
                "nanny report line 7: bad field \"-3\"",
            ])
        #expect(try results.last?.get() == .weight(7))
    }

    @Test func overLongLinesAreDiscardedAndReported() throws {
        var decoder = NannyReportDecoder()
        let long = Array(repeating: UInt8(ascii: "a"), count: 5000) + [UInt8(ascii: "\n")]
        let results = decoder.feed(long + NannyReport.weight(3).encoded)
        #expect(results.count == 2)
        if case .failure(let error) = results[0] {
            #expect(error.problem == .lineTooLong)
        } else {
            Issue.record("expected an error")
        }
        #expect(try results[1].get() == .weight(3))
    }

    @Test func encoderCutsLongReasonsToTheLimit() throws {
        let report = NannyReport.down(reason: String(repeating: "é", count: 2000))
        #expect(report.encoded.count <= NannyReport.maximumLineLength)
        var decoder = NannyReportDecoder()
        let decoded = try #require(decoder.feed(report.encoded).first).get()
        guard case .down(let reason) = decoded else { Issue.record("not a DOWN"); return }
        #expect(reason.allSatisfy { $0 == "é" } && !reason.isEmpty)
    }

    @Test func encoderNeverLeavesALoneBackslash() throws {
        // 1017 bytes of header+text put an escaped backslash across the cut.
        let report = NannyReport.down(reason: String(repeating: "a", count: 1014) + "\\\\\\\\")
        var decoder = NannyReportDecoder()
        #expect(throws: Never.self) { _ = try decoder.feed(report.encoded).first?.get() }
    }
}
