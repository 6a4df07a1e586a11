/// Bytes from a hex string; blanks, newlines and `|` separators are ignored.
func hex(_ text: String) -> [UInt8] {
    let digits = text.unicodeScalars.filter { $0.properties.isASCIIHexDigit }
    var out: [UInt8] = []
    var iterator = digits.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        out.append(UInt8(String(high), radix: 16)! << 4 | UInt8(String(low), radix: 16)!)
    }
    return out
}

/// A hex dump for failure messages.
func dump(_ bytes: [UInt8]) -> String {
    bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined(separator: " ")
}
