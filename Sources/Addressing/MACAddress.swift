/// A 48-bit Ethernet hardware address.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    /// The six bytes, in transmission order.
    public var bytes: [UInt8]

    /// Creates an address from exactly six bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 6 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses `aa:bb:cc:dd:ee:ff`, `aa-bb-…`, or 12 hex digits with no separator (Piranha's
    /// `send_arp` form, e.g. `0A1B2C3D4E5F`); hex digits in either case.
    public init?(_ text: some StringProtocol) {
        let digits = text.utf8.filter { $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: "-") }
        let separators = text.utf8.count - digits.count
        guard digits.count == 12, separators == 0 || separators == 5 else { return nil }
        if separators == 5 {
            let parts = text.split(separator: text.contains(":") ? ":" : "-", omittingEmptySubsequences: false)
            guard parts.count == 6, parts.allSatisfy({ $0.utf8.count == 2 }) else { return nil }
        }
        var out: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            guard let hi = Self.hexValue(digits[i]), let lo = Self.hexValue(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        bytes = out
    }

    /// ff:ff:ff:ff:ff:ff.
    public static let broadcast = MACAddress(bytes: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff])!

    /// 00:00:00:00:00:00.
    public static let zero = MACAddress(bytes: [0, 0, 0, 0, 0, 0])!

    /// Lower-case colon-separated text, as iproute2 prints it.
    public var description: String {
        bytes.map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined(separator: ":")
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
