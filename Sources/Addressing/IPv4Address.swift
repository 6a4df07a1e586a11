#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 address, stored as its 32-bit value in host order (10.0.0.1 is `0x0A00_0001`).
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a host-order integer.
    public var value: UInt32

    /// Creates an address from its host-order value.
    public init(_ value: UInt32) { self.value = value }

    /// Creates an address from its four octets, most significant first.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses a strict dotted quad (`10.0.0.1`): four decimal octets, no leading `+`, no short forms.
    public init?(_ text: some StringProtocol) {
        var octets: [UInt32] = []
        var current: UInt32 = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, octets.count < 3 else { return nil }
                octets.append(current)
                current = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, current <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, octets.count == 3 else { return nil }
        octets.append(current)
        value = octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3]
    }

    /// Parses any form `inet_aton(3)` accepts: `a.b.c.d`, `a.b.c`, `a.b`, `a`, each part decimal,
    /// `0x` hex or leading-zero octal (so `10.1` is 10.0.0.1). Piranha and ipvsadm read addresses
    /// this way, so files and command lines written for them keep their meaning.
    public init?(inetAton text: some StringProtocol) {
        var addr = in_addr()
        let ok = String(text).withCString { inet_aton($0, &addr) }
        guard ok != 0 else { return nil }
        value = UInt32(bigEndian: addr.s_addr)
    }

    /// Creates an address from 4 bytes in network order.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The 4 bytes in network order.
    public var bytes: [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    /// Dotted-quad text.
    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
    }

    /// 0.0.0.0.
    public static let any = IPv4Address(0)

    /// Whether this is 0.0.0.0.
    public var isUnspecified: Bool { value == 0 }

    /// Whether this is a multicast address (224.0.0.0/4).
    public var isMulticast: Bool { value >> 28 == 0xE }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}
