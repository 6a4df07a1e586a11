import CheckVocabulary
import HealthCheck
import Testing

@Suite struct DNSMessageTests {
    typealias M = DNSTestMessages

    static let query = DNSQuery(name: try! DomainName(parsing: "www.example.com"), type: .a, id: 0x1234)

    static func query(_ type: DNSRecordType) -> DNSQuery {
        DNSQuery(name: query.name, type: type, id: query.id)
    }

    /// The question ends at byte 33; the first answer's data starts at byte 45.
    static let firstData = 45

    @Test func queryHasTheHeaderAndQuestionOfRFC1035() {
        let golden: [UInt8] =
            [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
            + [3] + Array("www".utf8) + [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0]
            + [0, 1, 0, 1]
        #expect(Self.query.wire == golden)
        #expect(
            DNSQuery(name: .root, type: .soa, id: 0xBEEF).wire == [
                0xBE, 0xEF, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1,
            ])
    }

    @Test func queryIDsVary() {
        let ids = Set((0..<8).map { _ in DNSQuery(name: .root, type: .soa).id })
        #expect(ids.count > 1)
    }

    struct Good: CustomTestStringConvertible, Sendable {
        let label: String
        let query: DNSQuery
        let bytes: [UInt8]
        let code: DNSResponseCode
        let answers: [String]
        var testDescription: String { label }
    }

    static let goodCases: [Good] = [
        Good(
            label: "one A", query: query,
            bytes: M.response(to: query, answers: [M.record(type: 1, data: [10, 0, 0, 1])]), code: .noError,
            answers: ["www.example.com 300 A 10.0.0.1"]),
        Good(
            label: "CNAME then A, both compressed", query: query,
            bytes: M.response(
                to: query,
                answers: [
                    M.record(type: 5, data: [3] + Array("web".utf8) + [0xC0, 16]),
                    M.record(type: 1, ttl: 60, data: [10, 0, 0, 2], owner: [0xC0, UInt8(firstData)]),
                ]), code: .noError,
            answers: ["www.example.com 300 CNAME web.example.com", "web.example.com 60 A 10.0.0.2"]),
        Good(
            label: "AAAA", query: query(.aaaa),
            bytes: M.response(
                to: query(.aaaa),
                answers: [M.record(type: 28, data: [0x20, 0x01, 0x0D, 0xB8] + Array(repeating: 0, count: 11) + [1])]),
            code: .noError, answers: ["www.example.com 300 AAAA 2001:db8::1"]),
        Good(
            label: "MX", query: query(.mx),
            bytes: M.response(
                to: query(.mx), answers: [M.record(type: 15, data: [0, 10] + M.name(["mail", "example", "com"]))]),
            code: .noError, answers: ["www.example.com 300 MX 10 mail.example.com"]),
        Good(
            label: "TXT of two strings", query: query(.txt),
            bytes: M.response(
                to: query(.txt),
                answers: [M.record(type: 16, data: [7] + Array("v=spf1 ".utf8) + [4] + Array("-all".utf8))]),
            code: .noError, answers: ["www.example.com 300 TXT v=spf1 -all"]),
        Good(
            label: "SOA", query: query(.soa),
            bytes: M.response(
                to: query(.soa),
                answers: [
                    M.record(
                        type: 6,
                        data: M.name(["ns1", "example", "com"]) + M.name(["hostmaster", "example", "com"])
                            + M.be32(2_024_010_101) + M.be32(3600) + M.be32(600) + M.be32(86400) + M.be32(300))
                ]), code: .noError,
            answers: ["www.example.com 300 SOA ns1.example.com hostmaster.example.com 2024010101 3600 600 86400 300"]),
        Good(
            label: "SRV", query: query(.srv),
            bytes: M.response(
                to: query(.srv),
                answers: [M.record(type: 33, data: [0, 10, 0, 5, 0x13, 0xC4] + M.name(["sip", "example", "com"]))]),
            code: .noError, answers: ["www.example.com 300 SRV 10 5 5060 sip.example.com"]),
        Good(
            label: "a type without a name", query: query(DNSRecordType(99)),
            bytes: M.response(to: query(DNSRecordType(99)), answers: [M.record(type: 99, data: [1, 2, 0xAB])]),
            code: .noError, answers: ["www.example.com 300 TYPE99 \\# 3 0102ab"]),
        Good(
            label: "NXDOMAIN", query: query, bytes: M.response(to: query, rcode: 3), code: .nameError, answers: []),
        Good(
            label: "REFUSED without the question", query: query,
            bytes: [0x12, 0x34, 0x81, 0x85, 0, 0, 0, 0, 0, 0, 0, 0], code: DNSResponseCode(5), answers: []),
        Good(
            label: "question echoed in another case", query: query,
            bytes: Array(
                M.response(to: query, answers: [M.record(type: 1, data: [10, 0, 0, 1])]).enumerated().map {
                    (13...15).contains($0.offset) ? $0.element & 0xDF : $0.element
                }),
            code: .noError, answers: ["WWW.example.com 300 A 10.0.0.1"]),
        Good(
            label: "TC set, the cut record dropped", query: query,
            bytes: Array(
                M.response(
                    to: query, truncated: true,
                    answers: [M.record(type: 1, data: [10, 0, 0, 1]), M.record(type: 1, data: [10, 0, 0, 2])]
                ).dropLast(3)), code: .noError, answers: ["www.example.com 300 A 10.0.0.1"]),
    ]

    @Test(arguments: goodCases)
    func wellFormedResponsesAreRead(_ example: Good) throws {
        let response = try DNSResponse(decoding: example.bytes, answering: example.query)
        #expect(response.code == example.code)
        #expect(response.answers.map(\.description) == example.answers)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let label: String
        let bytes: [UInt8]
        let error: DNSMessageError
        let text: String
        var testDescription: String { label }
    }

    static func withAnswerData(_ data: [UInt8], type: UInt16 = 1, length: Int? = nil) -> [UInt8] {
        var record = M.record(type: type, data: data)
        if let length {
            record[10] = UInt8(length >> 8)
            record[11] = UInt8(length & 0xFF)
        }
        return M.response(to: query, answers: [record])
    }

    static func withOwner(_ owner: [UInt8]) -> [UInt8] {
        M.response(to: query, answers: [M.record(type: 1, data: [10, 0, 0, 1], owner: owner)])
    }

    static let badCases: [Bad] = [
        Bad(
            label: "empty", bytes: [], error: .truncated(what: "header", offset: 0),
            text: "message ends inside the header at byte 0"),
        Bad(
            label: "half a header", bytes: [0x12, 0x34, 0x81, 0x80, 0], error: .truncated(what: "header", offset: 4),
            text: "message ends inside the header at byte 4"),
        Bad(
            label: "another id", bytes: M.response(to: query, id: 0x00AB),
            error: .idMismatch(expected: 0x1234, received: 0xAB),
            text: "id 0x00ab, expected 0x1234"),
        Bad(
            label: "the query itself", bytes: query.wire, error: .notAResponse,
            text: "QR bit clear: a query, not a response"),
        Bad(
            label: "garbage with our id", bytes: [0x12, 0x34] + Array(repeating: 0xFF, count: 30),
            error: .unexpectedOpcode(15),
            text: "opcode 15, expected 0 (QUERY)"),
        Bad(
            label: "two questions",
            bytes: {
                var b = M.response(to: query); b[5] = 2; return b
            }(), error: .questionCount(2),
            text: "2 questions, expected 1"),
        Bad(
            label: "NOERROR without the question", bytes: [0x12, 0x34, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0],
            error: .questionCount(0), text: "0 questions, expected 1"),
        Bad(
            label: "another name",
            bytes: M.response(to: DNSQuery(name: try! DomainName(parsing: "www.example.net"), type: .a, id: 0x1234)),
            error: .questionMismatch(received: "www.example.net A", expected: "www.example.com A"),
            text: "question www.example.net A, expected www.example.com A"),
        Bad(
            label: "another type", bytes: M.response(to: query(.aaaa)),
            error: .questionMismatch(received: "www.example.com AAAA", expected: "www.example.com A"),
            text: "question www.example.com AAAA, expected www.example.com A"),
        Bad(
            label: "record cut short without TC",
            bytes: Array(withAnswerData([10, 0, 0, 1]).dropLast(2)),
            error: .truncated(what: "A record data", offset: firstData),
            text: "message ends inside the A record data at byte 45"),
        Bad(
            label: "answer count beyond the records",
            bytes: {
                var b = withAnswerData([10, 0, 0, 1]); b[6] = 0xFF; b[7] = 0xFF; return b
            }(),
            error: .truncated(what: "answer name", offset: 49), text: "message ends inside the answer name at byte 49"),
        Bad(
            label: "A of five bytes", bytes: withAnswerData([10, 0, 0, 1, 9]),
            error: .badRecordData(type: .a, offset: firstData, reason: "5 bytes, expected 4"),
            text: "A record data at byte 45: 5 bytes, expected 4"),
        Bad(
            label: "pointer to itself", bytes: withOwner([0xC0, 33]), error: .badPointer(offset: 33),
            text: "name compression pointer at byte 33 does not point backwards"),
        Bad(
            label: "pointer forwards", bytes: withOwner([0xC0, 40]), error: .badPointer(offset: 33),
            text: "name compression pointer at byte 33 does not point backwards"),
        Bad(
            label: "loop through a label", bytes: withOwner([1, UInt8(ascii: "x"), 0xC0, 33]),
            error: .nameTooLong(offset: 33), text: "name at byte 33 is longer than 255 bytes"),
        Bad(
            label: "pointer cut in half", bytes: M.response(to: query, answers: [[0xC0]]),
            error: .truncated(what: "answer name", offset: 33), text: "message ends inside the answer name at byte 33"),
        Bad(
            label: "reserved label type", bytes: withOwner([0x40, 0]), error: .badLabelType(0x40, offset: 33),
            text: "label length byte 0x40 at byte 33 has reserved bits"),
        Bad(
            label: "CNAME running past its data",
            bytes: withAnswerData([3] + Array("web".utf8) + [0], type: 5, length: 4),
            error: .badRecordData(type: .cname, offset: firstData, reason: "the name runs past the record's end"),
            text: "CNAME record data at byte 45: the name runs past the record's end"),
        Bad(
            label: "CNAME with bytes to spare",
            bytes: withAnswerData([3] + Array("web".utf8) + [0xC0, 16, 0xFF], type: 5),
            error: .badRecordData(type: .cname, offset: firstData, reason: "7 bytes, of which 6 make the record"),
            text: "CNAME record data at byte 45: 7 bytes, of which 6 make the record"),
        Bad(
            label: "TXT string past its data", bytes: withAnswerData([5, 0x61, 0x62], type: 16),
            error: .badRecordData(
                type: .txt, offset: firstData, reason: "a string of 5 bytes runs past the record's end"),
            text: "TXT record data at byte 45: a string of 5 bytes runs past the record's end"),
        Bad(
            label: "SOA without its numbers", bytes: withAnswerData([0, 0, 1, 2, 3], type: 6),
            error: .badRecordData(type: .soa, offset: firstData, reason: "no room for the five SOA numbers"),
            text: "SOA record data at byte 45: no room for the five SOA numbers"),
    ]

    @Test(arguments: badCases)
    func malformedResponsesThrowSayingWhat(_ example: Bad) {
        #expect(throws: example.error) { try DNSResponse(decoding: example.bytes, answering: Self.query) }
        #expect(example.error.description == example.text)
    }

    @Test func everyCutOfAGoodResponseThrows() throws {
        for example in Self.goodCases where !example.label.hasPrefix("TC") {
            for length in 0..<example.bytes.count {
                #expect(
                    throws: DNSMessageError.self, "\(example.label) cut to \(length) bytes",
                    performing: {
                        try DNSResponse(decoding: Array(example.bytes.prefix(length)), answering: example.query)
                    })
            }
        }
    }

    @Test func randomBytesGiveAValueOrAnErrorNeverACrash() {
        var generator = SplitMix64(seed: 0x5EED)
        var errors = 0
        for round in 0..<5000 {
            var bytes = (0..<Int(generator.next() % 120)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Our id and QR, so that most rounds get past the header into names and records.
            if bytes.count >= 6 {
                bytes[0] = 0x12
                bytes[1] = 0x34
                bytes[2] = (bytes[2] | 0x80) & 0x87
                // Half the rounds: an error code and no question, so the answers are read at once.
                if round % 2 == 0 {
                    bytes[3] |= 0x03
                    bytes[4] = 0
                    bytes[5] = 0
                }
            }
            do {
                _ = try DNSResponse(decoding: bytes, answering: Self.query)
            } catch {
                errors += 1
                #expect(!error.description.isEmpty)
            }
        }
        #expect(errors > 0)
    }
}

/// A small seeded generator, so a failing round can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
