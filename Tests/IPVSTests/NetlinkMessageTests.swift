import Testing

@testable import IPVS

@Suite struct NetlinkMessageTests {
    @Test func splitsADatagramIntoMessages() throws {
        let datagram = hex(
            """
            1c000000 2000 0200 05000000 11110000 0f 01 0000 0800 0100 01020100
            24000000 0200 0001 05000000 11110000 00000000 14000000 2000 0500 05000000 00000000
            """)
        let messages = try NetlinkMessage.parse(datagram[...])
        #expect(messages.count == 2)
        #expect(messages[0].type == 0x20)
        #expect(messages[0].flags == .multi)
        #expect(messages[0].sequence == 5)
        #expect(messages[0].portID == 0x1111)
        #expect(messages[0].genericCommand == 15)
        #expect(Array(messages[0].genericAttributes) == hex("0800 0100 01020100"))
        #expect(messages[1].type == NetlinkMessageType.error)
        #expect(messages[1].errorCode == 0)
    }

    @Test func negativeErrnoOfAnErrorMessage() throws {
        // NLMSG_ERROR carrying -ESRCH (-3).
        let m = try NetlinkMessage.parse(
            hex("24000000 0200 0001 07000000 00000000 fdffffff 14000000 2000 0500 07000000 00000000")[...])
        #expect(m[0].errorCode == 3)
    }

    @Test func doneWithAndWithoutStatus() throws {
        let done = try NetlinkMessage.parse(hex("14000000 0300 0200 09000000 00000000 00000000")[...])
        #expect(done[0].type == NetlinkMessageType.done)
        #expect(done[0].errorCode == 0)
        let failed = try NetlinkMessage.parse(hex("14000000 0300 0200 09000000 00000000 eaffffff")[...])
        #expect(failed[0].errorCode == 22)
    }

    @Test func rejectsAMessageLongerThanItsDatagram() {
        #expect(throws: NetlinkDecodingError.self) {
            try NetlinkMessage.parse(hex("40000000 2000 0000 01000000 00000000")[...])
        }
    }
}
