import CheckVocabulary

/// What is wrong with a DNS message that cannot be read as the response to a query.
public enum DNSMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message ends inside `what`, which starts or continues at byte `offset`.
    case truncated(what: String, offset: Int)
    /// The id is not the query's: the reply to another query (or a forgery).
    case idMismatch(expected: UInt16, received: UInt16)
    /// The QR bit is clear: a query, not a response.
    case notAResponse
    /// The opcode is not QUERY (0).
    case unexpectedOpcode(UInt8)
    /// The question count is neither 1 nor, in an error response, 0.
    case questionCount(Int)
    /// The question is not the one asked.
    case questionMismatch(received: String, expected: String)
    /// A compression pointer at `offset` does not point to an earlier byte (to itself, or
    /// forwards). A loop through labels ends as ``nameTooLong(offset:)``.
    case badPointer(offset: Int)
    /// A label length byte with the reserved top bits `01` or `10`.
    case badLabelType(UInt8, offset: Int)
    /// A name that decodes to more than 255 bytes.
    case nameTooLong(offset: Int)
    /// A record's data does not fit its type.
    case badRecordData(type: DNSRecordType, offset: Int, reason: String)

    public var description: String {
        switch self {
        case .truncated(let what, let offset):
            "message ends inside the \(what) at byte \(offset)"
        case .idMismatch(let expected, let received):
            "id \(Self.hex(received)), expected \(Self.hex(expected))"
        case .notAResponse:
            "QR bit clear: a query, not a response"
        case .unexpectedOpcode(let opcode):
            "opcode \(opcode), expected 0 (QUERY)"
        case .questionCount(let count):
            "\(count) questions, expected 1"
        case .questionMismatch(let received, let expected):
            "question \(received), expected \(expected)"
        case .badPointer(let offset):
            "name compression pointer at byte \(offset) does not point backwards"
        case .badLabelType(let byte, let offset):
            "label length byte 0x\(String(byte, radix: 16)) at byte \(offset) has reserved bits"
        case .nameTooLong(let offset):
            "name at byte \(offset) is longer than \(DomainName.wireLimit) bytes"
        case .badRecordData(let type, let offset, let reason):
            "\(type) record data at byte \(offset): \(reason)"
        }
    }

    private static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
