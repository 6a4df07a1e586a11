import Addressing
import Testing

@testable import VRRP

/// The codec against adverts keepalived 2.2.7 (Debian 12) sent in a namespace on 2026-12-05,
/// captured with tcpdump: the IP payload, and the addresses the packet travelled between.
@Suite struct VRRPPacketCodecTests {
    static let source = IPAddress("192.0.2.1")!
    static let group = IPAddress("224.0.0.18")!
    static let linkLocal = IPAddress("fe80::98e5:b7ff:fe1e:f823")!
    static let group6 = IPAddress("ff02::12")!

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    /// (payload, source, destination, the advertisement it is).
    static let captures: [(String, IPAddress, IPAddress, VRRPAdvertisement)] = [
        (
            "2133960100018665c00002640000000000000000", source, group,
            VRRPAdvertisement(
                version: .v2, virtualRouterID: 51, priority: 150, intervalCentiseconds: 100,
                addresses: [IPAddress("192.0.2.100")!])
        ),
        (
            "2133000100011c66c00002640000000000000000", source, group,
            VRRPAdvertisement(
                version: .v2, virtualRouterID: 51, priority: 0, intervalCentiseconds: 100,
                addresses: [IPAddress("192.0.2.100")!])
        ),
        (
            "3134c8010032a1a1c0000265", source, group,
            VRRPAdvertisement(
                version: .v3, virtualRouterID: 52, priority: 200, intervalCentiseconds: 50,
                addresses: [IPAddress("192.0.2.101")!])
        ),
        (
            "31340001003269a2c0000265", source, group,
            VRRPAdvertisement(
                version: .v3, virtualRouterID: 52, priority: 0, intervalCentiseconds: 50,
                addresses: [IPAddress("192.0.2.101")!])
        ),
        (
            "313564010064f66520010db8000000000000000000000100", linkLocal, group6,
            VRRPAdvertisement(
                version: .v3, virtualRouterID: 53, priority: 100, intervalCentiseconds: 100,
                addresses: [IPAddress("2001:db8::100")!])
        ),
        (
            "3135000100645a6620010db8000000000000000000000100", linkLocal, group6,
            VRRPAdvertisement(
                version: .v3, virtualRouterID: 53, priority: 0, intervalCentiseconds: 100,
                addresses: [IPAddress("2001:db8::100")!])
        ),
    ]

    @Test func keepalivedsAdvertsDecodeAndEncodeByteForByte() throws {
        for (hex, source, destination, advertisement) in Self.captures {
            let bytes = Self.bytes(hex)
            #expect(try VRRPPacketCodec.decode(bytes, from: source, to: destination) == advertisement, "\(hex)")
            #expect(VRRPPacketCodec.encode(advertisement, from: source, to: destination) == bytes, "\(hex)")
        }
    }

    @Test func keepalivedsV3OverIPv4IncludesThePseudoHeader() {
        let bytes = Self.bytes("3134c8010032a1a1c0000265")
        #expect(throws: VRRPDecodeError.checksum(received: 0xA1A1, computed: 0x4432)) {
            try VRRPPacketCodec.decode(bytes, from: Self.source, to: Self.group, checksum: .messageOnly)
        }
        let advertisement = VRRPAdvertisement(
            version: .v3, virtualRouterID: 52, priority: 200, intervalCentiseconds: 50,
            addresses: [IPAddress("192.0.2.101")!])
        let messageOnly = VRRPPacketCodec.encode(
            advertisement, from: Self.source, to: Self.group, checksum: .messageOnly)
        #expect(
            (try? VRRPPacketCodec.decode(messageOnly, from: Self.source, to: Self.group, checksum: .messageOnly))
                == advertisement)
    }

    @Test func malformedAdvertsAreRefusedWithTheReason() {
        let good = Self.bytes("3134c8010032a1a1c0000265")
        func decode(_ bytes: [UInt8]) throws(VRRPDecodeError) -> VRRPAdvertisement {
            try VRRPPacketCodec.decode(bytes, from: Self.source, to: Self.group)
        }
        #expect(throws: VRRPDecodeError.truncated(length: 7, needed: 8)) { try decode(Array(good.prefix(7))) }
        #expect(throws: VRRPDecodeError.truncated(length: 11, needed: 12)) { try decode(Array(good.prefix(11))) }
        #expect(throws: VRRPDecodeError.overlong(length: 13, expected: 12)) { try decode(good + [0]) }
        #expect(throws: VRRPDecodeError.truncated(length: 12, needed: 20)) {
            try decode(Self.bytes("2133960100018665c0000264"))
        }
        var v4 = good
        v4[0] = 0x41
        #expect(throws: VRRPDecodeError.unknownVersion(4)) { try decode(v4) }
        var type = good
        type[0] = 0x32
        #expect(throws: VRRPDecodeError.unknownType(2)) { try decode(type) }
        var checksum = good
        checksum[7] ^= 1
        #expect(throws: VRRPDecodeError.checksum(received: 0xA1A0, computed: 0xA1A1)) { try decode(checksum) }
        let v2 = Self.bytes("2133960100018665c00002640000000000000000")
        var auth = v2
        auth[4] = 1
        #expect(throws: VRRPDecodeError.authentication(1)) { try decode(auth) }
        #expect(throws: VRRPDecodeError.versionNotForFamily) {
            try VRRPPacketCodec.decode(v2, from: Self.linkLocal, to: Self.group6)
        }
    }

    @Test func randomBytesNeverCrashTheDecoder() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...64, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length > 0, Bool.random(using: &generator) { bytes[0] = [0x21, 0x31].randomElement(using: &generator)! }
            _ = try? VRRPPacketCodec.decode(bytes, from: Self.source, to: Self.group)
            _ = try? VRRPPacketCodec.decode(bytes, from: Self.linkLocal, to: Self.group6)
        }
    }
}
