/// Writes values as lvs.cf tokens: bare when they can be, quoted otherwise.
enum ConfigValueFormatter {
    /// The token text for one value. `preferredQuote` keeps an existing line's quoting style.
    static func token(_ value: String, preferredQuote: UInt8 = 0) throws(LVSConfigEditError.Reason) -> String {
        var needsQuotes = value.isEmpty
        var hasDouble = false
        var hasSingle = false
        for (i, b) in value.utf8.enumerated() {
            switch b {
            case 0x20, 0x09:
                needsQuotes = true
            case UInt8(ascii: "\""):
                hasDouble = true
                if i == 0 { needsQuotes = true }
            case UInt8(ascii: "'"):
                hasSingle = true
                if i == 0 { needsQuotes = true }
            case 0x0A, 0x0D:
                throw .unrepresentableValue("a value cannot contain a line break")
            case 0..<0x20, 0x7F:
                throw .unrepresentableValue("a value cannot contain a control character")
            default:
                break
            }
        }
        if value.utf8.first == UInt8(ascii: "#") { needsQuotes = true }
        if !needsQuotes && preferredQuote == 0 { return value }
        if preferredQuote == UInt8(ascii: "'") && !hasSingle { return "'\(value)'" }
        if !hasDouble { return "\"\(value)\"" }
        if !hasSingle { return "'\(value)'" }
        if !needsQuotes { return value }
        throw .unrepresentableValue("a value with blanks cannot contain both quote characters")
    }

    /// The token texts for a setting's value: two bare tokens for `address` in a virtual or
    /// failover block and for `nat_router` (`192.0.2.10 eth0:1`), one bare token per word for the
    /// lists (``ConfigKey/isList``), one token otherwise.
    static func tokens(for key: ConfigKey, _ value: String, inServiceBlock: Bool, preferredQuote: UInt8 = 0)
        throws(LVSConfigEditError.Reason) -> String
    {
        if key.isList {
            let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard !parts.isEmpty else { throw .unrepresentableValue("expected one value or more, separated by blanks") }
            var out: [String] = []
            for part in parts { out.append(try token(String(part))) }
            return out.joined(separator: " ")
        }
        let twoValues = key == .natRouter || (key == .address && inServiceBlock)
        guard twoValues else { return try token(value, preferredQuote: preferredQuote) }
        let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2 else {
            throw .unrepresentableValue("expected two values separated by a blank, such as '192.0.2.10 eth0:1'")
        }
        return try "\(token(String(parts[0]))) \(token(String(parts[1])))"
    }
}
