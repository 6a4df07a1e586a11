import CheckVocabulary
import HealthCheck

/// Builds DNS responses byte by byte for the tests: the query's own header and question, turned
/// into a response, then hand-made answer records.
enum DNSTestMessages {
    /// The response to `query`: QR, RD and RA set, `rcode`, `answers` appended (each a whole record).
    static func response(
        to query: DNSQuery, rcode: UInt8 = 0, truncated: Bool = false, id: UInt16? = nil, answers: [[UInt8]] = []
    ) -> [UInt8] {
        response(toQuery: query.wire, rcode: rcode, truncated: truncated, id: id, answers: answers)
    }

    /// The response to the query datagram `query` (at least a header), as ``response(to:rcode:truncated:id:answers:)``.
    static func response(
        toQuery query: [UInt8], rcode: UInt8 = 0, truncated: Bool = false, id: UInt16? = nil, answers: [[UInt8]] = []
    ) -> [UInt8] {
        var bytes = query
        if let id {
            bytes[0] = UInt8(id >> 8)
            bytes[1] = UInt8(id & 0xFF)
        }
        bytes[2] = 0x81 | (truncated ? 0x02 : 0)
        bytes[3] = 0x80 | rcode
        bytes[6] = UInt8(answers.count >> 8)
        bytes[7] = UInt8(answers.count & 0xFF)
        return bytes + answers.joined()
    }

    /// One record owned by the question's name (a pointer to byte 12).
    static func record(type: UInt16, ttl: UInt32 = 300, data: [UInt8], owner: [UInt8] = [0xC0, 0x0C]) -> [UInt8] {
        owner + be16(type) + be16(1) + be32(ttl) + be16(UInt16(data.count)) + data
    }

    /// A name uncompressed: `["mail", "example", "com"]`.
    static func name(_ labels: [String]) -> [UInt8] {
        labels.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }

    static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }

    static func be32(_ value: UInt32) -> [UInt8] { be16(UInt16(value >> 16)) + be16(UInt16(value & 0xFFFF)) }
}
