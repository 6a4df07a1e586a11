/// The fields of an `application/x-www-form-urlencoded` body (or a query string): names and
/// values percent-decoded, `+` read as a blank. A name given twice keeps its last value.
public struct FormFields: Sendable, Equatable {
    /// The fields.
    public private(set) var values: [String: String] = [:]

    /// No fields.
    public init() {}

    /// Parses a body; bytes that do not decode as UTF-8 become U+FFFD.
    public init(_ text: some StringProtocol) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            values[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    /// A field's value.
    public subscript(_ name: String) -> String? { values[name] }

    static func decode(_ text: some StringProtocol) -> String {
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hex(input[index + 1]), let low = hex(input[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                // A "%" without two hexadecimal digits stays as it is.
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
