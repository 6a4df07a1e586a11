/// A domain name as labels of bytes: lvs.cf's `dns_name` and nanny's `--dns-name`, and what the
/// DNS check puts on the wire and reads back. Comparison ignores ASCII case, as DNS does.
public struct DomainName: Hashable, Sendable, CustomStringConvertible {
    /// The labels, most specific first; none for the root.
    public let labels: [[UInt8]]

    /// The longest label (RFC 1035 2.3.4).
    public static let labelLimit = 63
    /// The longest name on the wire, length bytes and the root's zero included.
    public static let wireLimit = 255

    /// The root, `.`.
    public static let root = DomainName(validLabels: [])

    /// Labels already checked against the limits (by the message reader).
    public init(validLabels: [[UInt8]]) { labels = validLabels }

    /// Parses `www.example.com` or `www.example.com.` (the same name), or `.` for the root.
    /// Letters, digits and printable ASCII but space, dot and backslash make a label;
    /// internationalised names go in their `xn--` form.
    public init(parsing text: String) throws(DNSSettingError) {
        if text == "." {
            self = .root
            return
        }
        guard !text.isEmpty else { throw DNSSettingError.invalidName(text, reason: "empty (the root is \".\")") }
        var body = Substring(text)
        if body.hasSuffix(".") { body = body.dropLast() }
        var labels: [[UInt8]] = []
        for label in body.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            if bytes.isEmpty { throw DNSSettingError.invalidName(text, reason: "empty label") }
            if let bad = bytes.first(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\\") }) {
                let what =
                    bad >= 0x80 ? "non-ASCII character (use the xn-- form)" : "character 0x\(String(bad, radix: 16))"
                throw DNSSettingError.invalidName(text, reason: "\(what) in label \"\(label)\"")
            }
            if bytes.count > Self.labelLimit {
                throw DNSSettingError.invalidName(
                    text, reason: "label \"\(label)\" is \(bytes.count) bytes long, more than \(Self.labelLimit)")
            }
            labels.append(bytes)
        }
        let length = Self.wireLength(of: labels)
        if length > Self.wireLimit {
            throw DNSSettingError.invalidName(
                text, reason: "\(length) bytes on the wire, more than \(Self.wireLimit)")
        }
        self.labels = labels
    }

    /// The name on the wire, uncompressed.
    public var wire: [UInt8] {
        var bytes: [UInt8] = []
        for label in labels {
            bytes.append(UInt8(label.count))
            bytes += label
        }
        bytes.append(0)
        return bytes
    }

    /// `www.example.com` (no trailing dot), `.` for the root; bytes that are not printable, dots
    /// and backslashes inside a label as `\DDD`, `\.` and `\\` (the zone-file form).
    public var description: String {
        if labels.isEmpty { return "." }
        return labels.map { label in
            var text = ""
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"): text += "\\" + String(UnicodeScalar(byte))
                case 0x21...0x7E: text.unicodeScalars.append(UnicodeScalar(byte))
                default:
                    let digits = String(byte)
                    text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
                }
            }
            return text
        }.joined(separator: ".")
    }

    public static func == (lhs: DomainName, rhs: DomainName) -> Bool {
        lhs.lowercasedLabels == rhs.lowercasedLabels
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(lowercasedLabels)
    }

    private var lowercasedLabels: [[UInt8]] {
        labels.map { $0.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } }
    }

    private static func wireLength(of labels: [[UInt8]]) -> Int {
        labels.reduce(1) { $0 + 1 + $1.count }
    }
}
