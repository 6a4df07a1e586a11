/// Checks a domain name written as text (lvs.cf `dns_name`).
public enum DNSName {
    /// Why `name` cannot be queried (a label longer than 63 bytes, an empty label, more than
    /// 253 bytes), or nil. `.` is the root.
    public static func problem(_ name: String) -> String? {
        if name == "." { return nil }
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        guard !trimmed.isEmpty else { return "empty name (write . for the root)" }
        guard trimmed.utf8.count <= 253 else { return "\(name) is longer than 253 bytes" }
        for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "\(name) has an empty label" }
            if label.utf8.count > 63 { return "\(name) has a label longer than 63 bytes" }
            if label.contains(where: { $0 == " " || $0.isNewline || !$0.isASCII }) {
                return "\(name) has a blank or a non-ASCII character (write IDNs in their xn-- form)"
            }
        }
        return nil
    }
}
