import Addressing
import Testing

@testable import IPVS

@Suite struct IPVSMessageDecoderTests {
    /// A `GET_SERVICE` reply laid out as Linux 6.1's `ip_vs_genl_fill_service` writes it: 16-byte
    /// address, `STATS` then `STATS64` (here with a `PAD` attribute, as 32-bit kernels add).
    static let serviceReply = hex(
        """
        44010000 2000 0200 09000000 34120000 01 01 0000
        3001 0100
          0600 0100 0200 0000
          0600 0200 0600 0000
          1400 0300 0a000064 00000000 00000000 00000000
          0600 0400 0050 0000
          0800 0600 776c6300
          0c00 0700 03000000 ffffffff
          0800 0800 68010000
          0800 0900 ffffff00
          5c00 0a00
            0800 0100 0a000000
            0800 0200 3c000000
            0800 0300 3c000000
            0c00 0400 b80b0000 00000000
            0c00 0500 a00f0000 00000000
            0800 0600 01000000
            0800 0700 02000000
            0800 0800 03000000
            0800 0900 04000000
            0800 0a00 05000000
          8000 0c00
            0c00 0100 0a000000 01000000
            0c00 0200 3c000000 00000000
            0c00 0300 3c000000 00000000
            0400 0b00
            0c00 0400 b80b0000 00000000
            0c00 0500 a00f0000 00000000
            0c00 0600 01000000 00000000
            0c00 0700 02000000 00000000
            0c00 0800 03000000 00000000
            0c00 0900 04000000 00000000
            0c00 0a00 05000000 00000000
        """)

    @Test func decodesAServiceWithItsSixtyFourBitCounters() throws {
        let message = try #require(try NetlinkMessage.parse(Self.serviceReply[...]).first)
        let service = try IPVSMessageDecoder.service(fromMessage: message.genericAttributes)
        #expect(service.identity == .address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80))
        #expect(service.scheduler == .weightedLeastConnections)
        #expect(service.flags == [.persistent, .hashed])
        #expect(service.persistenceTimeout == 360)
        #expect(service.netmask == .ipv4(IPv4Address(255, 255, 255, 0)))
        #expect(service.persistenceEngine == nil)
        let stats = try #require(service.statistics)
        #expect(stats.connections == 0x1_0000_000A)
        #expect(stats.incomingPackets == 60)
        #expect(stats.outgoingPackets == 60)
        #expect(stats.incomingBytes == 3000)
        #expect(stats.outgoingBytes == 4000)
        #expect(
            [
                stats.connectionsPerSecond, stats.incomingPacketsPerSecond, stats.outgoingPacketsPerSecond,
                stats.incomingBytesPerSecond, stats.outgoingBytesPerSecond,
            ] == [1, 2, 3, 4, 5])
    }

    @Test func fallsBackToThirtyTwoBitCounters() throws {
        var m = NetlinkMessageBuilder(type: 0x20, flags: .multi, sequence: 1, command: 1, version: 1)
        m.beginNested(1)
        m.append(1, uint16: 10)
        m.append(5, uint32: 3)
        m.append(6, string: "rr")
        m.append(7, bytes: hex("21000000 ffffffff"))
        m.append(8, uint32: 0)
        m.append(9, uint32: 128)
        m.append(11, string: "sip")
        m.beginNested(10)
        m.append(1, uint32: 7)
        m.append(4, uint64: 1 << 40)
        m.endNested()
        m.endNested()
        let message = try #require(try NetlinkMessage.parse(m.finish()[...]).first)
        let service = try IPVSMessageDecoder.service(fromMessage: message.genericAttributes)
        #expect(service.identity == .firewallMark(3, family: .inet6))
        #expect(service.flags == [.persistent, .scheduler3])
        #expect(service.netmask == .ipv6(prefixLength: 128))
        #expect(service.persistenceEngine == "sip")
        #expect(service.statistics?.connections == 7)
        #expect(service.statistics?.incomingBytes == 1 << 40)
    }

    @Test func flagsAreMaskedByTheReplysMask() throws {
        var m = NetlinkMessageBuilder(type: 0x20, flags: .multi, sequence: 1, command: 1, version: 1)
        m.beginNested(1)
        m.append(1, uint16: 2)
        m.append(5, uint32: 1)
        m.append(6, string: "rr")
        m.append(7, bytes: hex("3f000000 01000000"))
        m.append(8, uint32: 0)
        m.append(9, uint32: 0xffff_ffff)
        m.endNested()
        let message = try #require(try NetlinkMessage.parse(m.finish()[...]).first)
        #expect(try IPVSMessageDecoder.service(fromMessage: message.genericAttributes).flags == .persistent)
    }

    @Test func aServiceWithoutItsSchedulerIsMalformed() throws {
        var m = NetlinkMessageBuilder(type: 0x20, flags: .multi, sequence: 1, command: 1, version: 1)
        m.beginNested(1)
        m.append(1, uint16: 2)
        m.append(5, uint32: 1)
        m.endNested()
        let message = try #require(try NetlinkMessage.parse(m.finish()[...]).first)
        #expect(throws: NetlinkDecodingError.self) {
            try IPVSMessageDecoder.service(fromMessage: message.genericAttributes)
        }
    }

    /// A `GET_DEST` reply in `ip_vs_genl_fill_dest`'s order, IPv4 destination of an IPv6 service.
    @Test func decodesADestination() throws {
        var m = NetlinkMessageBuilder(type: 0x20, flags: .multi, sequence: 1, command: 5, version: 1)
        m.beginNested(2)
        m.append(1, bytes: hex("0a00010a 00000000 00000000 00000000"))
        m.append(2, bigEndianUInt16: 8080)
        m.append(3, uint32: 2)
        m.append(4, uint32: 7)
        m.append(13, uint8: 2)
        m.append(14, bigEndianUInt16: 0)
        m.append(15, uint16: 1)
        m.append(5, uint32: 100)
        m.append(6, uint32: 50)
        m.append(7, uint32: 3)
        m.append(8, uint32: 4)
        m.append(9, uint32: 5)
        m.append(11, uint16: 2)
        m.endNested()
        let message = try #require(try NetlinkMessage.parse(m.finish()[...]).first)
        let d = try IPVSMessageDecoder.destination(fromMessage: message.genericAttributes, serviceFamily: .inet6)
        #expect(d.address == .v4(IPv4Address(10, 0, 1, 10)))
        #expect(d.port == 8080)
        #expect(d.forwarding == .tunnel)
        #expect(d.weight == 7)
        #expect(d.tunnel == IPVSTunnel(type: .gre, port: 0, checksum: .checksum))
        #expect(d.upperThreshold == 100)
        #expect(d.lowerThreshold == 50)
        #expect([d.activeConnections, d.inactiveConnections, d.persistentConnections] == [3, 4, 5])
        #expect(d.statistics == nil)
    }

    @Test func decodesDaemonsInfoAndTimeouts() throws {
        var d = NetlinkMessageBuilder(type: 0x20, flags: .multi, sequence: 1, command: 9, version: 1)
        d.beginNested(3)
        d.append(1, uint32: 1)
        d.append(2, string: "eth0")
        d.append(3, uint32: 9)
        d.append(4, uint16: 1472)
        d.append(7, uint16: 8848)
        d.append(8, uint8: 1)
        d.append(5, bytes: [224, 0, 0, 81])
        d.endNested()
        let daemon = try IPVSMessageDecoder.daemon(
            fromMessage: try NetlinkMessage.parse(d.finish()[...])[0].genericAttributes)
        #expect(
            daemon
                == IPVSSyncDaemon(
                    role: .master, interface: "eth0", syncID: 9, maximumLength: 1472,
                    group: .v4(IPv4Address(224, 0, 0, 81)), port: 8848, ttl: 1))

        var i = NetlinkMessageBuilder(type: 0x20, flags: [], sequence: 1, command: 14, version: 1)
        i.append(1, uint32: 0x010201)
        i.append(2, uint32: 4096)
        let info = try IPVSMessageDecoder.info(
            fromMessage: try NetlinkMessage.parse(i.finish()[...])[0].genericAttributes)
        #expect(info == IPVSInfo(version: 0x010201, connectionTableSize: 4096))
        #expect(info.versionString == "1.2.1")

        var t = NetlinkMessageBuilder(type: 0x20, flags: [], sequence: 1, command: 12, version: 1)
        t.append(4, uint32: 900)
        t.append(5, uint32: 120)
        t.append(6, uint32: 300)
        let timeouts = try IPVSMessageDecoder.timeouts(
            fromMessage: try NetlinkMessage.parse(t.finish()[...])[0].genericAttributes)
        #expect(timeouts == .kernelDefaults)
    }
}
