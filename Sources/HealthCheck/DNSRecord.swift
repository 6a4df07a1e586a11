import CheckVocabulary

/// One resource record of a response's answer section.
public struct DNSRecord: Hashable, Sendable, CustomStringConvertible {
    /// The owner name.
    public var name: DomainName
    /// The type.
    public var type: DNSRecordType
    /// The class (1 = IN).
    public var recordClass: UInt16
    /// Seconds it may be cached.
    public var ttl: UInt32
    /// The decoded data.
    public var data: DNSRecordData

    /// A record.
    public init(name: DomainName, type: DNSRecordType, recordClass: UInt16 = 1, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }

    /// `www.example.com 300 A 10.0.0.1`.
    public var description: String { "\(name) \(ttl) \(type) \(data)" }

    /// Reads one record at the reader's offset.
    static func decode(from reader: inout DNSMessageReader) throws(DNSMessageError) -> DNSRecord {
        let name = try reader.name("answer name")
        let type = DNSRecordType(try reader.uint16("answer type"))
        let recordClass = try reader.uint16("answer class")
        let ttl = try reader.uint32("answer TTL")
        let length = Int(try reader.uint16("answer data length"))
        let data = try DNSRecordData.decode(type, length: length, from: &reader)
        return DNSRecord(name: name, type: type, recordClass: recordClass, ttl: ttl, data: data)
    }
}
