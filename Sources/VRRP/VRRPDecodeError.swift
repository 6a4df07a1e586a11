/// Why a received packet is not a VRRP advertisement this director accepts; each case is a
/// counter in pulse's status.
public enum VRRPDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer bytes than the header and the addresses it announces need.
    case truncated(length: Int, needed: Int)
    /// More bytes than the header and its addresses (and v2's authentication data) make.
    case overlong(length: Int, expected: Int)
    /// A version other than 2 and 3.
    case unknownVersion(UInt8)
    /// A type other than 1 (ADVERTISEMENT).
    case unknownType(UInt8)
    /// VRRPv2 over IPv6, which does not exist.
    case versionNotForFamily
    /// Virtual router id 0.
    case zeroVirtualRouterID
    /// No address at all.
    case noAddress
    /// v2 authentication other than none (types 1 and 2 are deprecated; we never accept them).
    case authentication(UInt8)
    /// An interval of 0.
    case zeroInterval
    /// The checksum does not match.
    case checksum(received: UInt16, computed: UInt16)

    public var description: String {
        switch self {
        case .truncated(let length, let needed): "truncated: \(length) bytes, \(needed) needed"
        case .overlong(let length, let expected): "\(length) bytes where the header says \(expected)"
        case .unknownVersion(let v): "VRRP version \(v) (2 and 3 are understood)"
        case .unknownType(let t): "type \(t) (only 1, advertisement, exists)"
        case .versionNotForFamily: "VRRPv2 over IPv6"
        case .zeroVirtualRouterID: "virtual router id 0"
        case .noAddress: "no address"
        case .authentication(let t): "authentication type \(t) (only 0 is accepted)"
        case .zeroInterval: "advertisement interval 0"
        case .checksum(let received, let computed):
            "bad checksum \(hex(received)) (computed \(hex(computed)))"
        }
    }

    private func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
