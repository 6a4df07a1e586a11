import Addressing
import Testing

@testable import VRRP

/// What a received packet must pass before the election sees it.
@Suite struct VRRPAdvertFilterTests {
    static let peer = IPAddress("192.0.2.3")!
    static let group = IPAddress("224.0.0.18")!
    static let vip = IPAddress("198.51.100.10")!
    static let filter = VRRPAdvertFilter(
        version: .v3, virtualRouterID: 51, advertIntervalCentiseconds: 100, addresses: [vip],
        checksum: .withPseudoHeader, unicastPeers: [])

    static func packet(
        version: VRRPAdvertisement.Version = .v3, vrid: UInt8 = 51, interval: UInt16 = 100,
        addresses: [IPAddress] = [vip], checksum: VRRPChecksumMode = .withPseudoHeader
    ) -> [UInt8] {
        VRRPPacketCodec.encode(
            VRRPAdvertisement(
                version: version, virtualRouterID: vrid, priority: 100, intervalCentiseconds: interval,
                addresses: addresses), from: peer, to: group, checksum: checksum)
    }

    static func reason(_ result: Result<VRRPAdvertisement, VRRPRejection>) -> VRRPDropReason? {
        if case .failure(let rejection) = result { rejection.reason } else { nil }
    }

    @Test func aGoodAdvertisementPasses() throws {
        let advert = try Self.filter.accept(Self.packet(), from: Self.peer, to: Self.group, hopLimit: 255).get()
        #expect(advert.priority == 100)
    }

    @Test func eachFaultIsDroppedWithItsReason() {
        let f = Self.filter
        let cases: [([UInt8], Int, VRRPDropReason)] = [
            (Self.packet(), 64, .ttl),
            (Self.packet(vrid: 52), 255, .virtualRouterID),
            (Self.packet(version: .v2), 255, .version),
            (Self.packet(checksum: .messageOnly), 255, .checksum),
            (Array(Self.packet().prefix(9)), 255, .malformed),
            ([0x41] + Self.packet().dropFirst(), 255, .version),
        ]
        for (bytes, hopLimit, expected) in cases {
            #expect(Self.reason(f.accept(bytes, from: Self.peer, to: Self.group, hopLimit: hopLimit)) == expected)
        }
    }

    @Test func otherAddressesAreNamedButNotDropped() throws {
        let f = Self.filter
        for addresses in [
            [IPAddress("198.51.100.11")!], [Self.vip, IPAddress("198.51.100.11")!], [Self.vip, Self.vip],
        ] {
            let advert = try f.accept(Self.packet(addresses: addresses), from: Self.peer, to: Self.group, hopLimit: 255)
                .get()
            #expect(f.addressMismatch(advert, from: Self.peer)?.reason == .addresses)
        }
        var two = f
        two.addresses = [Self.vip, IPAddress("198.51.100.11")!]
        let reordered = try two.accept(
            Self.packet(addresses: [IPAddress("198.51.100.11")!, Self.vip]), from: Self.peer, to: Self.group,
            hopLimit: 255
        ).get()
        #expect(two.addressMismatch(reordered, from: Self.peer) == nil)
    }

    @Test func v2DropsAnotherInterval() {
        var f = Self.filter
        f.version = .v2
        #expect(Self.reason(f.accept(Self.packet(version: .v2), from: Self.peer, to: Self.group, hopLimit: 255)) == nil)
        #expect(
            Self.reason(
                f.accept(Self.packet(version: .v2, interval: 200), from: Self.peer, to: Self.group, hopLimit: 255))
                == .interval)
    }

    @Test func unicastPeersSkipTheHopLimitButNameTheSenders() {
        var f = Self.filter
        f.unicastPeers = [Self.peer]
        let own = IPAddress("192.0.2.2")!
        let bytes = VRRPPacketCodec.encode(
            VRRPAdvertisement(
                version: .v3, virtualRouterID: 51, priority: 100, intervalCentiseconds: 100, addresses: [Self.vip]),
            from: Self.peer, to: own)
        #expect(Self.reason(f.accept(bytes, from: Self.peer, to: own, hopLimit: 63)) == nil)
        let stranger = IPAddress("192.0.2.9")!
        #expect(Self.reason(f.accept(bytes, from: stranger, to: own, hopLimit: 255)) == .sender)
    }
}
