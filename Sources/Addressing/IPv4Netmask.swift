/// An IPv4 netmask such as 255.255.255.0: contiguous one bits from the top.
public struct IPv4Netmask: Hashable, Sendable, CustomStringConvertible {
    /// The mask as an address-shaped value (255.255.255.0 is `0xFFFF_FF00`).
    public let value: UInt32

    /// Creates a mask from its prefix length, 0...32.
    public init?(prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        value = prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    /// Accepts only contiguous masks.
    public init?(_ address: IPv4Address) {
        let inverted = ~address.value
        guard inverted & (inverted &+ 1) == 0 else { return nil }
        value = address.value
    }

    /// The number of leading one bits.
    public var prefixLength: Int { value.leadingZeroBitCount == 0 ? (~value).leadingZeroBitCount : 0 }

    /// The mask as an address.
    public var address: IPv4Address { IPv4Address(value) }

    /// The broadcast address of `address` in this mask's network (`address | ~mask`).
    public func broadcast(of address: IPv4Address) -> IPv4Address { IPv4Address(address.value | ~value) }

    public var description: String { address.description }
}
