import CheckVocabulary

/// A response to a ``DNSQuery``, read defensively: anything that is not a well-formed response
/// to that very query throws a ``DNSMessageError``.
public struct DNSResponse: Hashable, Sendable {
    /// The response code.
    public var code: DNSResponseCode
    /// The TC bit: the server cut the response to fit a datagram, so answers may be missing.
    public var isTruncated: Bool
    /// The AA bit.
    public var isAuthoritative: Bool
    /// The answer section (all of it; in a truncated response, the records that arrived whole).
    public var answers: [DNSRecord]

    /// Reads `bytes` as the response to `query`. Checks, in order: the header, the id, QR, the
    /// opcode, that the question is the query's (an error response may leave it out), then each
    /// answer record; the authority and additional sections are not read.
    public init(decoding bytes: [UInt8], answering query: DNSQuery) throws(DNSMessageError) {
        var reader = DNSMessageReader(bytes)
        let id = try reader.uint16("header")
        guard id == query.id else { throw .idMismatch(expected: query.id, received: id) }
        let flags = try reader.uint16("header")
        let questionCount = Int(try reader.uint16("header"))
        let answerCount = Int(try reader.uint16("header"))
        _ = try reader.take(4, "header")
        guard flags & 0x8000 != 0 else { throw .notAResponse }
        let opcode = UInt8(flags >> 11 & 0x0F)
        guard opcode == 0 else { throw .unexpectedOpcode(opcode) }
        code = DNSResponseCode(UInt8(flags & 0x0F))
        isTruncated = flags & 0x0200 != 0
        isAuthoritative = flags & 0x0400 != 0

        switch questionCount {
        case 1:
            let name = try reader.name("question name")
            let type = DNSRecordType(try reader.uint16("question type"))
            let questionClass = try reader.uint16("question class")
            guard name == query.name, type == query.type, questionClass == DNSQuery.internetClass else {
                let classText = questionClass == DNSQuery.internetClass ? "" : " class \(questionClass)"
                throw .questionMismatch(received: "\(name) \(type)\(classText)", expected: query.description)
            }
        case 0 where code != .noError:
            break
        default:
            throw .questionCount(questionCount)
        }

        answers = []
        for _ in 0..<answerCount {
            do {
                answers.append(try DNSRecord.decode(from: &reader))
            } catch .truncated where isTruncated {
                // The server said it cut the message: keep what arrived whole.
                break
            }
        }
    }

    /// The answers of the type asked for (all of them for ANY).
    public func answers(for query: DNSQuery) -> [DNSRecord] {
        query.type == .any ? answers : answers.filter { $0.type == query.type }
    }
}
