#if canImport(Glibc)
import Glibc
#endif

/// An IPv6 address: 16 bytes in network order, stored as two host-order halves.
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first 8 bytes, as a big-endian number.
    public var high: UInt64
    /// The last 8 bytes, as a big-endian number.
    public var low: UInt64

    /// Creates an address from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates an address from 16 bytes in network order.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var h: UInt64 = 0
        var l: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
        }
        high = h
        low = l
    }

    /// Parses the textual forms `inet_pton(AF_INET6)` accepts (no brackets, no zone index).
    public init?(_ text: some StringProtocol) {
        var raw = in6_addr()
        let ok = String(text).withCString { inet_pton(AF_INET6, $0, &raw) }
        guard ok == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &raw) { Array($0) }
        self.init(bytes: bytes)
    }

    /// The 16 bytes in network order.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
    }

    /// The text `inet_ntop(3)` gives (what ipvsadm and iproute2 print).
    public var description: String {
        var raw = in6_addr()
        let b = bytes
        withUnsafeMutableBytes(of: &raw) { dst in
            for i in 0..<16 { dst[i] = b[i] }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let text = buffer.withUnsafeMutableBufferPointer { out -> String? in
            guard inet_ntop(AF_INET6, &raw, out.baseAddress, socklen_t(out.count)) != nil else { return nil }
            return String(cString: out.baseAddress!)
        }
        return text ?? "::"
    }

    /// Whether this is `::`.
    public var isUnspecified: Bool { high == 0 && low == 0 }

    /// Whether this is a multicast address (ff00::/8).
    public var isMulticast: Bool { high >> 56 == 0xff }

    /// Whether this is a link-local unicast address (fe80::/10).
    public var isLinkLocal: Bool { high >> 54 == 0x3FA }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
