import FoundationEssentials

/// JSON encoding for the control protocol: compact, keys sorted (stable bytes), one line.
enum ControlJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as one JSON line with its newline. Compact JSON escapes newlines inside strings,
    /// so the only newline is the terminator.
    static func line(_ value: some Encodable) -> [UInt8] {
        // Encoding our own plain value types cannot fail; fall back to an error line just in case.
        guard let data = try? encoder().encode(value) else {
            return Array("{\"error\":\"internal error: response could not be encoded\",\"ok\":false}\n".utf8)
        }
        return Array(data) + [UInt8(ascii: "\n")]
    }
}
