import CheckVocabulary

/// A standard query for one name and type, class IN, recursion desired.
public struct DNSQuery: Hashable, Sendable, CustomStringConvertible {
    /// The id the response must carry.
    public var id: UInt16
    /// The name asked about.
    public var name: DomainName
    /// The type asked for.
    public var type: DNSRecordType

    /// Class IN, the only one a health check asks in.
    public static let internetClass: UInt16 = 1

    /// A query with a random id unless one is given (a random id makes a forged or stray reply
    /// unlikely to be taken for the answer).
    public init(name: DomainName, type: DNSRecordType, id: UInt16 = .random(in: 0...UInt16.max)) {
        self.id = id
        self.name = name
        self.type = type
    }

    /// The message: a 12-byte header (RD set, one question) and the question.
    public var wire: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12 + 256 + 4)
        func append(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }
        append(id)
        append(0x0100)  // QR 0, opcode QUERY, RD 1
        append(1)  // QDCOUNT
        append(0)
        append(0)
        append(0)
        bytes += name.wire
        append(type.value)
        append(Self.internetClass)
        return bytes
    }

    /// `www.example.com A`.
    public var description: String { "\(name) \(type)" }
}
