import Addressing
import Interfaces
import Testing

/// Golden bytes computed independently (Python: struct packing and the RFC 1071 sum).
@Suite struct NeighborAdvertisementTests {
    static let golden: [UInt8] = [
        0x33, 0x33, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc, 0x86, 0xdd, 0x60, 0x00,
        0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x88, 0x00, 0x3c, 0x97, 0x20, 0x00, 0x00, 0x00, 0x20, 0x01,
        0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x02, 0x01,
        0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc,
    ]

    @Test func unsolicitedAdvertisementMatchesGoldenBytes() {
        let na = NeighborAdvertisement(announcing: IPv6Address("2001:db8::10")!, from: MACAddress("02:00:00:aa:bb:cc")!)
        #expect(na.bytes == Self.golden)
        #expect(na.bytes.count == NeighborAdvertisement.length)
    }

    @Test func checksumVerifiesToZeroOverTheWholeMessage() {
        // A receiver sums pseudo-header and message including the checksum: the result is 0.
        for text in ["2001:db8::10", "fe80::1", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "::1"] {
            let na = NeighborAdvertisement(
                announcing: IPv6Address(text)!, from: MACAddress("ffffffffffff")!, isRouter: true)
            let message = na.icmpMessage
            let check = NeighborAdvertisement.checksum(
                source: na.target, destination: NeighborAdvertisement.allNodes, icmpMessage: message)
            #expect(check == 0, "\(text)")
            #expect(message[4] == 0xa0)  // router + override
        }
    }
}
