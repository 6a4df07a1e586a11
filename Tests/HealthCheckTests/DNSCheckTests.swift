import Addressing
import CheckVocabulary
import DaemonSupport
import HealthCheck
import Testing

@Suite struct DNSCheckTests {
    typealias M = DNSTestMessages

    static let www = try! DomainName(parsing: "www.example.com")

    static func check(_ port: UInt16, answer: String? = "10.0.0.1") -> DNSCheck {
        DNSCheck(
            endpoint: loopback(port), name: www, type: .a,
            expectedAnswer: answer.map { try! DNSExpectedAnswer(parsing: $0, for: .a) })
    }

    static func aRecord(_ address: [UInt8]) -> [UInt8] { M.record(type: 1, data: address) }

    @Test func theExpectedAnswerPasses() throws {
        let harness = try CheckHarness()
        let server = try DNSTestServer(loop: harness.loop) {
            [M.response(toQuery: $0, answers: [Self.aRecord([10, 0, 0, 1])])]
        }
        defer { server.stop() }
        #expect(
            harness.result(of: Self.check(server.port))
                == .passed("DNS www.example.com A from 127.0.0.1:\(server.port): NOERROR, 10.0.0.1"))
        // One query, recursion desired, for the name and type configured.
        let query = try #require(server.queries.first)
        #expect(server.queries.count == 1)
        #expect(Array(query.dropFirst(2)) == Array(DNSQuery(name: Self.www, type: .a, id: 0).wire.dropFirst(2)))
    }

    @Test func nxdomainFailsNamingServerQueryAndExpectation() throws {
        let harness = try CheckHarness()
        let server = try DNSTestServer(loop: harness.loop) { [M.response(toQuery: $0, rcode: 3)] }
        defer { server.stop() }
        #expect(
            harness.result(of: Self.check(server.port))
                == .failed("DNS www.example.com A from 127.0.0.1:\(server.port): NXDOMAIN, expected NOERROR"))
    }

    @Test func anotherAnswerFails() throws {
        let harness = try CheckHarness()
        let server = try DNSTestServer(loop: harness.loop) {
            [M.response(toQuery: $0, answers: [Self.aRecord([10, 0, 0, 9])])]
        }
        defer { server.stop() }
        #expect(
            harness.result(of: Self.check(server.port))
                == .failed("DNS www.example.com A from 127.0.0.1:\(server.port): answer 10.0.0.9, expected 10.0.0.1"))
    }

    @Test func noAnswerFails() throws {
        let harness = try CheckHarness()
        let server = try DNSTestServer(loop: harness.loop) { [M.response(toQuery: $0)] }
        defer { server.stop() }
        #expect(
            harness.result(of: Self.check(server.port))
                == .failed("DNS www.example.com A from 127.0.0.1:\(server.port): no A answer, expected 10.0.0.1"))
    }

    @Test func aReplyWithAnotherIDIsIgnoredAndTheRealOneCounts() throws {
        let harness = try CheckHarness()
        let server = try DNSTestServer(loop: harness.loop) { query in
            let id = UInt16(query[0]) << 8 | UInt16(query[1])
            return [
                M.response(toQuery: query, id: id &+ 1, answers: [Self.aRecord([10, 0, 0, 66])]),
                M.response(toQuery: query, answers: [Self.aRecord([10, 0, 0, 1])]),
            ]
        }
        defer { server.stop() }
        #expect(harness.result(of: Self.check(server.port))?.isPassed == true)
    }

    @Test func onlyStrayRepliesTimeOutSayingSo() throws {
        let harness = try CheckHarness()
        let server = try DNSTestServer(loop: harness.loop) { query in
            let id = UInt16(query[0]) << 8 | UInt16(query[1])
            return [M.response(toQuery: query, id: id &+ 1), [0x01]]
        }
        defer { server.stop() }
        let (result, took) = harness.timedResult(of: Self.check(server.port), timeout: .milliseconds(300))
        #expect(
            result
                == .failed(
                    "no DNS reply from 127.0.0.1:\(server.port) within 0.3 s (www.example.com A; ignored 2 stray replies)"
                ))
        #expect(took < .seconds(1))
    }

    @Test func aMalformedReplyWithOurIDFails() throws {
        let harness = try CheckHarness()
        let server = try DNSTestServer(loop: harness.loop) { query in
            [M.response(toQuery: query, answers: [M.record(type: 1, data: [10, 0, 0])])]
        }
        defer { server.stop() }
        #expect(
            harness.result(of: Self.check(server.port))
                == .failed(
                    "DNS www.example.com A from 127.0.0.1:\(server.port): malformed reply: A record data at byte 45: 3 bytes, expected 4"
                ))
    }

    @Test func aClosedPortFailsAtOnce() throws {
        let harness = try CheckHarness()
        let port = try DNSTestServer.closedPort()
        let (result, took) = harness.timedResult(of: DNSCheck(endpoint: loopback(port)), timeout: .seconds(2))
        #expect(result == .failed("DNS . SOA to 127.0.0.1:\(port): port unreachable (Connection refused)"))
        #expect(took < .seconds(1), "ICMP should end the check before the timeout; took \(took)")
    }

    @Test func aSilentServerTimesOutWithinTheTimeout() throws {
        let harness = try CheckHarness()
        let server = try DNSTestServer(loop: harness.loop) { _ in [] }
        defer { server.stop() }
        let (result, took) = harness.timedResult(
            of: DNSCheck(endpoint: loopback(server.port)), timeout: .milliseconds(300))
        #expect(result == .failed("no DNS reply from 127.0.0.1:\(server.port) within 0.3 s (. SOA)"))
        #expect(took >= .milliseconds(300) && took < .seconds(1), "took \(took)")
    }

    @Test func defaultsAreTheRootsSOAAndNOERROR() {
        let check = DNSCheck(endpoint: loopback(53))
        #expect(check.summary == "DNS . SOA to 127.0.0.1:53, expect NOERROR")
        #expect(Self.check(53).summary == "DNS www.example.com A to 127.0.0.1:53, expect NOERROR, answer 10.0.0.1")
    }

    struct Verdict: CustomTestStringConvertible, Sendable {
        let label: String
        let check: DNSCheck
        let rcode: UInt8
        let truncated: Bool
        let answers: [[UInt8]]
        let result: CheckResult
        var testDescription: String { label }
    }

    static let label = "DNS www.example.com A from 127.0.0.1:53"

    static let verdicts: [Verdict] = [
        Verdict(
            label: "no expected answer, one answer", check: check(53, answer: nil), rcode: 0, truncated: false,
            answers: [aRecord([10, 0, 0, 1])], result: .passed("\(label): NOERROR, 10.0.0.1")),
        Verdict(
            label: "no expected answer, three answers", check: check(53, answer: nil), rcode: 0, truncated: false,
            answers: [aRecord([10, 0, 0, 1]), aRecord([10, 0, 0, 2]), aRecord([10, 0, 0, 3])],
            result: .passed("\(label): NOERROR, 10.0.0.1 and 2 more")),
        Verdict(
            label: "no expected answer, none", check: check(53, answer: nil), rcode: 0, truncated: false, answers: [],
            result: .passed("\(label): NOERROR, no A answer")),
        Verdict(
            label: "the expected one among others", check: check(53), rcode: 0, truncated: false,
            answers: [aRecord([10, 0, 0, 9]), aRecord([10, 0, 0, 1])], result: .passed("\(label): NOERROR, 10.0.0.1")),
        Verdict(
            label: "a CNAME only counts for CNAME", check: check(53), rcode: 0, truncated: false,
            answers: [M.record(type: 5, data: M.name(["web", "example", "com"])), aRecord([10, 0, 0, 1])],
            result: .passed("\(label): NOERROR, 10.0.0.1")),
        Verdict(
            label: "two wrong answers", check: check(53), rcode: 0, truncated: false,
            answers: [aRecord([10, 0, 0, 8]), aRecord([10, 0, 0, 9])],
            result: .failed("\(label): answers 10.0.0.8, 10.0.0.9, expected 10.0.0.1")),
        Verdict(
            label: "none in a truncated reply", check: check(53), rcode: 0, truncated: true, answers: [],
            result: .failed("\(label): no A answer (reply truncated), expected 10.0.0.1")),
        Verdict(
            label: "NXDOMAIN expected",
            check: {
                var expectingNXDOMAIN = Self.check(53, answer: nil)
                expectingNXDOMAIN.expectedCode = .nameError
                return expectingNXDOMAIN
            }(), rcode: 3, truncated: false, answers: [], result: .passed("\(label): NXDOMAIN, no A answer")),
        Verdict(
            label: "SERVFAIL", check: check(53), rcode: 2, truncated: false, answers: [],
            result: .failed("\(label): SERVFAIL, expected NOERROR")),
    ]

    @Test(arguments: verdicts)
    func verdictOnAResponse(_ example: Verdict) throws {
        let query = DNSQuery(name: Self.www, type: .a, id: 7)
        let bytes = M.response(to: query, rcode: example.rcode, truncated: example.truncated, answers: example.answers)
        let response = try DNSResponse(decoding: bytes, answering: query)
        #expect(example.check.verdict(on: response, to: query) == example.result)
    }
}
