import CheckVocabulary

/// Reads a DNS message front to back, bounds-checked: every read that runs past the end throws
/// ``DNSMessageError/truncated(what:offset:)`` naming what was being read.
struct DNSMessageReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func byte(_ what: String) throws(DNSMessageError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(what: what, offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16(_ what: String) throws(DNSMessageError) -> UInt16 {
        let raw = try take(2, what)
        return raw.reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func uint32(_ what: String) throws(DNSMessageError) -> UInt32 {
        let raw = try take(4, what)
        return raw.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func take(_ count: Int, _ what: String) throws(DNSMessageError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else { throw .truncated(what: what, offset: offset) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// Reads a possibly compressed name. A pointer must point before itself, so following
    /// pointers always moves backwards and ends: no loop is possible.
    mutating func name(_ what: String) throws(DNSMessageError) -> DomainName {
        var labels: [[UInt8]] = []
        var wireLength = 1
        var position = offset
        var resumeAt: Int?
        let start = offset
        while true {
            guard position < bytes.count else { throw .truncated(what: what, offset: position) }
            let length = bytes[position]
            switch length & 0xC0 {
            case 0xC0:
                guard position + 1 < bytes.count else { throw .truncated(what: what, offset: position) }
                let target = Int(length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < position else { throw .badPointer(offset: position) }
                if resumeAt == nil { resumeAt = position + 2 }
                position = target
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    // Lengths were checked on the way: the name is valid.
                    return DomainName(validLabels: labels)
                }
                let end = position + 1 + Int(length)
                guard end <= bytes.count else { throw .truncated(what: what, offset: position) }
                wireLength += 1 + Int(length)
                guard wireLength <= DomainName.wireLimit else { throw .nameTooLong(offset: start) }
                labels.append(Array(bytes[position + 1..<end]))
                position = end
            default:
                throw .badLabelType(length, offset: position)
            }
        }
    }
}
