/// A 16-byte MD5 digest, as an HTTP check's expected body digest (keepalived's `digest`).
public struct MD5Digest: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The 16 bytes.
    public let bytes: [UInt8]

    /// A digest of these 16 bytes; nil when there are not 16.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses 32 hexadecimal digits (either case), as `md5sum` prints them.
    public init(hex: String) throws(MD5DigestError) {
        let digits = Array(hex.utf8)
        guard digits.count == 32 else {
            throw MD5DigestError(text: hex, reason: "an MD5 digest is 32 hexadecimal digits, not \(digits.count)")
        }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 32, by: 2) {
            guard let high = Self.value(of: digits[index]), let low = Self.value(of: digits[index + 1]) else {
                throw MD5DigestError(text: hex, reason: "not a hexadecimal digit at position \(index + 1)")
            }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// Lowercase hexadecimal, as `md5sum` prints it.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Text that is not an MD5 digest.
public struct MD5DigestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text given.
    public var text: String
    /// What is wrong with it.
    public var reason: String

    public var description: String { "bad MD5 digest \"\(text)\": \(reason)" }
}
