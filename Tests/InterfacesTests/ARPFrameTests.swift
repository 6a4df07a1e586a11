import Addressing
import Interfaces
import Testing

@Suite struct ARPFrameTests {
    static let mac = MACAddress("02:00:00:aa:bb:cc")!
    static let vip = IPv4Address(192, 0, 2, 10)

    @Test func gratuitousRequestIsWhatArpingUSends() {
        let frame = ARPFrame.gratuitousRequest(announcing: Self.vip, from: Self.mac).bytes
        let expected: [UInt8] =
            [
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // Ethernet destination: broadcast
                0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc,  // Ethernet source
                0x08, 0x06,  // ETH_P_ARP
                0x00, 0x01, 0x08, 0x00, 0x06, 0x04,  // Ethernet / IPv4, 6 / 4
                0x00, 0x01,  // request
                0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc, 0xc0, 0x00, 0x02, 0x0a,  // sender: mac, 192.0.2.10
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc0, 0x00, 0x02, 0x0a,  // target: ff…, 192.0.2.10
            ] + [UInt8](repeating: 0, count: 18)
        #expect(frame == expected)
        #expect(frame.count == 60)
    }

    @Test func gratuitousReplyIsPiranhasSendARPFrame() {
        // send_arp -i eth0 192.0.2.10 020000AABBCC 192.0.2.255 ffffffffffff
        let frame = ARPFrame.gratuitousReply(announcing: Self.vip, from: Self.mac, to: .broadcast).bytes
        let expected: [UInt8] =
            [
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc,
                0x08, 0x06,
                0x00, 0x01, 0x08, 0x00, 0x06, 0x04,
                0x00, 0x02,  // reply
                0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc, 0xc0, 0x00, 0x02, 0x0a,
                0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc, 0xc0, 0x00, 0x02, 0x0a,  // target hardware = own MAC
            ] + [UInt8](repeating: 0, count: 18)
        #expect(frame == expected)
    }

    @Test func replyGoesToTheGivenDestination() {
        let peer = MACAddress("0a1b2c3d4e5f")!
        let frame = ARPFrame.gratuitousReply(announcing: Self.vip, from: Self.mac, to: peer).bytes
        #expect(Array(frame[0..<6]) == [0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f])
        #expect(Array(frame[32..<38]) == Self.mac.bytes)
    }

    @Test func announcerSendsTheConfiguredForms() {
        let both = AddressAnnouncer.frames(announcing: .v4(Self.vip), from: Self.mac, arpForm: .both)
        #expect(
            both == [
                ARPFrame.gratuitousRequest(announcing: Self.vip, from: Self.mac).bytes,
                ARPFrame.gratuitousReply(announcing: Self.vip, from: Self.mac).bytes,
            ])
        #expect(AddressAnnouncer.frames(announcing: .v4(Self.vip), from: Self.mac, arpForm: .reply).count == 1)
        let v6 = IPv6Address("2001:db8::10")!
        #expect(
            AddressAnnouncer.frames(announcing: .v6(v6), from: Self.mac, arpForm: .both)
                == [NeighborAdvertisement(announcing: v6, from: Self.mac).bytes])
    }
}
