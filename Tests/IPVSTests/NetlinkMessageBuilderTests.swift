import Testing

@testable import IPVS

@Suite struct NetlinkMessageBuilderTests {
    @Test func headerCarriesTypeFlagsSequenceAndLength() {
        let m = NetlinkMessageBuilder(
            type: 0x20, flags: [.request, .ack], sequence: 0x0102_0304, portID: 7, command: 15, version: 1)
        #expect(m.finish() == hex("14000000 2000 0500 04030201 07000000 0f 01 0000"))
    }

    @Test func attributesArePaddedToFourBytes() {
        var m = NetlinkMessageBuilder(type: 0x20, flags: .request, sequence: 1, command: 1, version: 1)
        m.append(1, uint8: 0xAB)
        m.append(2, uint16: 0x0102)
        m.append(3, bigEndianUInt16: 0x0102)
        m.append(4, uint32: 0x0102_0304)
        m.append(5, uint64: 0x0102_0304_0506_0708)
        m.append(6, string: "abcd")
        #expect(
            m.finish()
                == hex(
                    """
                    4c000000 2000 0100 01000000 00000000 01 01 0000
                    0500 0100 ab000000
                    0600 0200 0201 0000
                    0600 0300 0102 0000
                    0800 0400 04030201
                    0c00 0500 0807060504030201
                    0900 0600 61626364 00000000
                    """))
    }

    @Test func nestsGetTheirLengthAndTheNestedFlag() {
        var m = NetlinkMessageBuilder(type: 0x20, flags: .request, sequence: 1, command: 1, version: 1)
        m.beginNested(1)
        m.append(1, uint16: 2)
        m.beginNested(2)
        m.append(3, uint32: 9)
        m.endNested()
        m.endNested()
        #expect(
            m.finish()
                == hex(
                    """
                    2c000000 2000 0100 01000000 00000000 01 01 0000
                    1800 0180
                      0600 0100 0200 0000
                      0c00 0280
                        0800 0300 09000000
                    """))
    }
}
