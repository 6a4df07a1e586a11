import Addressing

/// VRRP advertisements to bytes and back, with the IP addresses they travel between (the v3
/// checksum covers them). Pure; the socket layer reads the TTL/hop limit and the addresses.
///
/// VRRPv2 (RFC 3768): `0x21`, VRID, priority, count, authentication type 0, interval in seconds,
/// checksum over the message, the IPv4 addresses, 8 bytes of zero authentication data.
/// VRRPv3 (RFC 5798): `0x31`, VRID, priority, count, 4 reserved bits and a 12-bit interval in
/// centiseconds, checksum, the addresses (IPv4 or IPv6).
public enum VRRPPacketCodec {
    /// v2's trailing authentication data.
    static let authenticationDataLength = 8

    /// The packet for `advertisement`, sent from `source` to `destination`.
    public static func encode(
        _ advertisement: VRRPAdvertisement, from source: IPAddress, to destination: IPAddress,
        checksum mode: VRRPChecksumMode = .withPseudoHeader
    ) -> [UInt8] {
        var bytes: [UInt8] = [
            advertisement.version.rawValue << 4 | 1, advertisement.virtualRouterID, advertisement.priority,
            UInt8(clamping: advertisement.addresses.count),
        ]
        switch advertisement.version {
        case .v2:
            bytes += [0, UInt8(clamping: max(1, advertisement.intervalCentiseconds / 100))]
        case .v3:
            let interval = min(advertisement.intervalCentiseconds, VRRPAdvertisement.maximumCentiseconds)
            bytes += [UInt8(interval >> 8), UInt8(interval & 0xFF)]
        }
        bytes += [0, 0]
        for address in advertisement.addresses { bytes += address.bytes }
        if advertisement.version == .v2 { bytes += [UInt8](repeating: 0, count: authenticationDataLength) }
        let sum = checksum(bytes, version: advertisement.version, from: source, to: destination, mode: mode)
        bytes[6] = UInt8(sum >> 8)
        bytes[7] = UInt8(sum & 0xFF)
        return bytes
    }

    /// The advertisement in `bytes` (the IP payload), received from `source` at `destination`.
    public static func decode(
        _ bytes: [UInt8], from source: IPAddress, to destination: IPAddress,
        checksum mode: VRRPChecksumMode = .withPseudoHeader
    ) throws(VRRPDecodeError) -> VRRPAdvertisement {
        guard bytes.count >= 8 else { throw .truncated(length: bytes.count, needed: 8) }
        let versionNumber = bytes[0] >> 4
        guard let version = VRRPAdvertisement.Version(rawValue: versionNumber) else {
            throw .unknownVersion(versionNumber)
        }
        guard bytes[0] & 0x0F == 1 else { throw .unknownType(bytes[0] & 0x0F) }
        let family = source.family
        if version == .v2, family != .inet { throw .versionNotForFamily }
        let count = Int(bytes[3])
        let width = family == .inet ? 4 : 16
        // The checksum covers the whole message: its length must be exactly what the header says.
        let needed = 8 + count * width + (version == .v2 ? authenticationDataLength : 0)
        guard bytes.count >= needed else { throw .truncated(length: bytes.count, needed: needed) }
        guard bytes.count == needed else { throw .overlong(length: bytes.count, expected: needed) }
        guard bytes[1] != 0 else { throw .zeroVirtualRouterID }
        guard count > 0 else { throw .noAddress }
        let interval: UInt16
        switch version {
        case .v2:
            guard bytes[4] == 0 else { throw .authentication(bytes[4]) }
            interval = UInt16(bytes[5]) * 100
        case .v3:
            interval = (UInt16(bytes[4] & 0x0F) << 8) | UInt16(bytes[5])
        }
        guard interval > 0 else { throw .zeroInterval }
        let received = UInt16(bytes[6]) << 8 | UInt16(bytes[7])
        var zeroed = bytes
        zeroed[6] = 0
        zeroed[7] = 0
        let computed = checksum(zeroed, version: version, from: source, to: destination, mode: mode)
        guard received == computed else { throw .checksum(received: received, computed: computed) }
        var addresses: [IPAddress] = []
        for index in 0..<count {
            let start = 8 + index * width
            let slice = bytes[start..<start + width]
            if width == 4, let v4 = IPv4Address(bytes: slice) {
                addresses.append(.v4(v4))
            } else if let v6 = IPv6Address(bytes: slice) {
                addresses.append(.v6(v6))
            }
        }
        return VRRPAdvertisement(
            version: version, virtualRouterID: bytes[1], priority: bytes[2], intervalCentiseconds: interval,
            addresses: addresses)
    }

    /// The checksum of `message` (its checksum field zero): over the message alone for v2 and for
    /// v3 over IPv4 in `.messageOnly` mode, else over the pseudo-header too.
    static func checksum(
        _ message: [UInt8], version: VRRPAdvertisement.Version, from source: IPAddress, to destination: IPAddress,
        mode: VRRPChecksumMode
    ) -> UInt16 {
        var covered: [UInt8] = []
        switch (version, source.family) {
        case (.v2, _),
            (.v3, .inet) where mode == .messageOnly:
            break
        case (.v3, .inet):
            covered = source.bytes + destination.bytes + [0, VRRPAdvertisement.ipProtocol]
            covered += [UInt8(message.count >> 8 & 0xFF), UInt8(message.count & 0xFF)]
        case (.v3, _):
            let length = UInt32(message.count)
            covered = source.bytes + destination.bytes
            covered += [
                UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
            ]
            covered += [0, 0, 0, VRRPAdvertisement.ipProtocol]
        }
        return internetChecksum(covered + message)
    }

    /// RFC 1071's one's complement sum, complemented (IP, ICMP and VRRP checksums).
    public static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
