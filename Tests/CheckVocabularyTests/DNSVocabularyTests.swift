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

    @Test(
        arguments: [
            (".", nil),
            ("www.example.com", nil),
            ("www.example.com.", nil),
            ("", "empty name (write . for the root)"),
            ("a..b", "a..b has an empty label"),
            (
                String(repeating: "a", count: 64) + ".com",
                String(repeating: "a", count: 64) + ".com has a label longer than 63 bytes"
            ),
            ("bad name", "bad name has a blank or a non-ASCII character (write IDNs in their xn-- form)"),
        ] as [(String, String?)])
    func names(name: String, problem: String?) {
        #expect(DNSName.problem(name) == problem)
    }

    @Test func answersOfTheWrongFamily() {
        #expect(DNSRecordType.a.problem(withAnswer: "192.0.2.1") == nil)
        #expect(
            DNSRecordType.a.problem(withAnswer: "2001:db8::1")
                == "2001:db8::1 is not an IPv4 address, which an A answer is")
        #expect(
            DNSRecordType.aaaa.problem(withAnswer: "192.0.2.1")
                == "192.0.2.1 is not an IPv6 address, which an AAAA answer is")
        #expect(DNSRecordType(text: "MX")?.problem(withAnswer: "10 mail.example.com") == nil)
    }
}
