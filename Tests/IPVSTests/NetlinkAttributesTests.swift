import Testing

@testable import IPVS

@Suite struct NetlinkAttributesTests {
    @Test func readsEveryKindOfAttribute() throws {
        let bytes = hex(
            """
            0500 0100 ab000000
            0600 0200 0201 0000
            0600 0300 0102 0000
            0800 0400 04030201
            0c00 0500 0807060504030201
            0900 0600 61626300 00000000
            0c00 0780 0800 0100 05000000
            """)
        let a = try NetlinkAttributes(bytes[...], maximumType: 7)
        #expect(try a.uint8(1) == 0xAB)
        #expect(try a.uint16(2) == 0x0102)
        #expect(try a.bigEndianUInt16(3) == 0x0102)
        #expect(try a.uint32(4) == 0x0102_0304)
        #expect(try a.uint64(5) == 0x0102_0304_0506_0708)
        #expect(a.string(6) == "abc")
        let nested = try #require(try a.nested(7, maximumType: 1))
        #expect(try nested.uint32(1) == 5)
        #expect(!a.contains(8))
    }

    @Test func ignoresTypesAboveTheMaximum() throws {
        let a = try NetlinkAttributes(hex("0800 0900 01000000 0800 0100 02000000")[...], maximumType: 2)
        #expect(try a.uint32(1) == 2)
        #expect(!a.contains(9))
    }

    @Test func rejectsAnAttributeThatOverrunsItsBuffer() {
        #expect(throws: NetlinkDecodingError.self) {
            try NetlinkAttributes(hex("0c00 0100 01000000")[...], maximumType: 2)
        }
    }

    @Test func rejectsAShortValue() throws {
        let a = try NetlinkAttributes(hex("0600 0100 0100 0000")[...], maximumType: 2)
        #expect(throws: NetlinkDecodingError.self) { try a.uint32(1) }
    }
}
