import Addressing
import CheckVocabulary

/// The data of a resource record, decoded for the types a check compares.
public enum DNSRecordData: Hashable, Sendable, CustomStringConvertible {
    /// A or AAAA.
    case address(IPAddress)
    /// NS, CNAME or PTR.
    case name(DomainName)
    /// MX: preference and exchange.
    case mailExchanger(preference: UInt16, exchange: DomainName)
    /// TXT: its character strings.
    case text([[UInt8]])
    /// SOA.
    case startOfAuthority(DNSStartOfAuthority)
    /// SRV.
    case service(priority: UInt16, weight: UInt16, port: UInt16, target: DomainName)
    /// Any other type: the raw bytes.
    case other([UInt8])

    /// Addresses and names as usual; MX `10 mail.example.com`; TXT its strings run together
    /// (how SPF and DKIM read them); SOA and SRV their fields in zone-file order; anything else
    /// as RFC 3597's `\# length hex`.
    public var description: String {
        switch self {
        case .address(let address): address.description
        case .name(let name): name.description
        case .mailExchanger(let preference, let exchange): "\(preference) \(exchange)"
        case .text(let strings): CheckEscapes.printable(Array(strings.joined()), limit: 512)
        case .startOfAuthority(let soa): soa.description
        case .service(let priority, let weight, let port, let target): "\(priority) \(weight) \(port) \(target)"
        case .other(let bytes):
            "\\# \(bytes.count)" + (bytes.isEmpty ? "" : " " + bytes.map { Self.hexByte($0) }.joined())
        }
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// Decodes `length` bytes of `type` data at the reader's offset; names may point anywhere
    /// earlier in the message.
    static func decode(
        _ type: DNSRecordType, length: Int, from reader: inout DNSMessageReader
    ) throws(DNSMessageError) -> DNSRecordData {
        let start = reader.offset
        var data = DNSMessageReader(Array(try reader.take(length, "\(type) record data")), offset: 0)
        // Names inside the data may be compressed against the whole message, so they are read
        // from the message, then checked to end inside the data.
        var inMessage = DNSMessageReader(reader.bytes, offset: start)
        let end = start + length
        func name(_ what: String) throws(DNSMessageError) -> DomainName {
            let name = try inMessage.name(what)
            guard inMessage.offset <= end else {
                throw .badRecordData(type: type, offset: start, reason: "the \(what) runs past the record's end")
            }
            return name
        }
        func finish(_ value: DNSRecordData, consumed: Int) throws(DNSMessageError) -> DNSRecordData {
            guard consumed == length else {
                throw .badRecordData(
                    type: type, offset: start, reason: "\(length) bytes, of which \(consumed) make the record")
            }
            return value
        }
        switch type {
        case .a, .aaaa:
            let size = type == .a ? 4 : 16
            guard length == size, let address = IPAddress(bytes: data.bytes) else {
                throw .badRecordData(type: type, offset: start, reason: "\(length) bytes, expected \(size)")
            }
            return .address(address)
        case .ns, .cname, .ptr:
            let value = DNSRecordData.name(try name("name"))
            return try finish(value, consumed: inMessage.offset - start)
        case .mx:
            let preference = try inMessage.uint16("MX preference")
            return try finish(
                .mailExchanger(preference: preference, exchange: try name("MX exchange")),
                consumed: inMessage.offset - start)
        case .srv:
            let priority = try inMessage.uint16("SRV priority")
            let weight = try inMessage.uint16("SRV weight")
            let port = try inMessage.uint16("SRV port")
            let target = try name("SRV target")
            return try finish(
                .service(priority: priority, weight: weight, port: port, target: target),
                consumed: inMessage.offset - start)
        case .soa:
            let primary = try name("SOA primary server")
            let mailbox = try name("SOA mailbox")
            guard end - inMessage.offset >= 20 else {
                throw .badRecordData(type: type, offset: start, reason: "no room for the five SOA numbers")
            }
            let soa = DNSStartOfAuthority(
                primaryServer: primary, mailbox: mailbox, serial: try inMessage.uint32("SOA serial"),
                refresh: try inMessage.uint32("SOA refresh"), retry: try inMessage.uint32("SOA retry"),
                expire: try inMessage.uint32("SOA expire"), minimum: try inMessage.uint32("SOA minimum"))
            return try finish(.startOfAuthority(soa), consumed: inMessage.offset - start)
        case .txt:
            var strings: [[UInt8]] = []
            while !data.isAtEnd {
                let count = Int(try data.byte("TXT string length"))
                do {
                    strings.append(Array(try data.take(count, "TXT string")))
                } catch {
                    throw .badRecordData(
                        type: type, offset: start, reason: "a string of \(count) bytes runs past the record's end")
                }
            }
            return .text(strings)
        default:
            return .other(data.bytes)
        }
    }
}
