/// Piranha's backslash escapes in `send` and `expect` strings (`convert_str`): `\r \n \t \\ \' \"`.
///
/// Any other backslash sequence is kept as written (backslash included), so a regular
/// expression's `\.` survives. `-T` (`--suppress`) turns the translation off.
public enum CheckEscapes {
    /// The bytes of `text` with the escapes translated.
    public static func translate(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            guard byte == UInt8(ascii: "\\"), let next = input.first else {
                output.append(byte)
                continue
            }
            let translated: UInt8? =
                switch next {
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "t"): 0x09
                case UInt8(ascii: "\\"): UInt8(ascii: "\\")
                case UInt8(ascii: "'"): UInt8(ascii: "'")
                case UInt8(ascii: "\""): UInt8(ascii: "\"")
                default: nil
                }
            if let translated {
                output.append(translated)
                input.removeFirst()
            } else {
                output.append(byte)
            }
        }
        return output
    }

    /// Printable text for bytes received or expected, for log lines: control characters and
    /// non-ASCII bytes become escapes (`\r`, `\n`, `\x00`), quotes and backslashes are escaped,
    /// and at most `limit` bytes are shown (then `…`).
    public static func printable(_ bytes: some Collection<UInt8>, limit: Int = 64) -> String {
        var text = ""
        for byte in bytes.prefix(limit) {
            switch byte {
            case 0x0D: text += "\\r"
            case 0x0A: text += "\\n"
            case 0x09: text += "\\t"
            case UInt8(ascii: "\\"): text += "\\\\"
            case UInt8(ascii: "\""): text += "\\\""
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789abcdef".utf8)
                text += "\\x"
                text.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
                text.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0x0F)]))
            }
        }
        if bytes.count > limit { text += "…" }
        return text
    }
}
