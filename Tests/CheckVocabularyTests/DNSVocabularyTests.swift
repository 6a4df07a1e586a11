import CheckVocabulary
import Testing

@Suite struct DNSVocabularyTests {
    @Test(arguments: [("A", 1), ("aaaa", 28), ("Soa", 6), ("MX", 15), ("TXT", 16), ("TYPE65", 65), ("SRV", 33)])
    func recordTypesByName(text: String, value: UInt16) {
        #expect(DNSRecordType(text: text)?.value == value)
    }

    @Test(arguments: ["", "AX", "TYPE", "TYPE0", "TYPE70000", "1"])
    func unknownRecordTypes(text: String) {
        #expect(DNSRecordType(text: text) == nil)
    }

    @Test func recordTypesPrintTheirNames() {
        #expect(DNSRecordType(28).description == "AAAA")
        #expect(DNSRecordType(99).description == "TYPE99")
    }

    @Test(arguments: [("NOERROR", 0), ("nxdomain", 3), ("ServFail", 2), ("REFUSED", 5), ("15", 15)])
    func responseCodes(text: String, value: UInt8) {
        #expect(DNSResponseCode(text: text)?.value == value)
    }

    @Test(arguments: ["", "16", "OK", "NOERR"])
    func unknownResponseCodes(text: String) {
        #expect(DNSResponseCode(text: text) == nil)
    }

    @Test func responseCodesPrintTheirNames() {
        #expect(DNSResponseCode(3).description == "NXDOMAIN")
        #expect(DNSResponseCode(12).description == "RCODE 12")
    }
}
