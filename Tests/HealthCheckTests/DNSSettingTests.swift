import Addressing
import CheckVocabulary
import HealthCheck
import Testing

@Suite struct DNSSettingTests {
    @Test(arguments: [
        ("www.example.com", "www.example.com", 17),
        ("www.example.com.", "www.example.com", 17),
        (".", ".", 1),
        ("_sip._tcp.Example.ORG", "_sip._tcp.Example.ORG", 23),
        (String(repeating: "a", count: 63) + ".com", String(repeating: "a", count: 63) + ".com", 69),
    ])
    func namesParse(text: String, printed: String, wireLength: Int) throws {
        let name = try DomainName(parsing: text)
        #expect(name.description == printed)
        #expect(name.wire.count == wireLength)
    }

    static let longName = Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: ".")

    @Test(arguments: [
        ("", "empty (the root is \".\")"),
        ("www..example.com", "empty label"),
        (".com", "empty label"),
        ("example.com..", "empty label"),
        ("bad name.com", "character 0x20 in label \"bad name\""),
        ("tab\t.com", "character 0x9 in label \"tab\t\""),
        ("back\\slash.com", "character 0x5c in label \"back\\slash\""),
        ("bücher.de", "non-ASCII character (use the xn-- form) in label \"bücher\""),
        (
            String(repeating: "a", count: 64) + ".com",
            "label \"\(String(repeating: "a", count: 64))\" is 64 bytes long, more than 63"
        ),
        (longName, "257 bytes on the wire, more than 255"),
    ])
    func badNamesAreRefusedSayingWhy(text: String, reason: String) {
        #expect(throws: DNSSettingError.invalidName(text, reason: reason)) { try DomainName(parsing: text) }
    }

    @Test func namesCompareIgnoringCase() throws {
        #expect(try DomainName(parsing: "WWW.Example.COM") == DomainName(parsing: "www.example.com."))
        #expect(try DomainName(parsing: "www.example.com") != DomainName(parsing: "www.example.net"))
    }

    @Test(arguments: [
        ("A", "10.0.0.1", "10.0.0.1"),
        ("AAAA", "2001:db8:0:0::1", "2001:db8::1"),
        ("CNAME", "Web.Example.com.", "Web.Example.com"),
        ("MX", "10 mail.example.com", "10 mail.example.com"),
        ("MX", "mail.example.com", "mail.example.com"),
        ("TXT", "v=spf1 -all", "v=spf1 -all"),
    ])
    func expectedAnswersParse(type: String, text: String, printed: String) throws {
        let recordType = try #require(DNSRecordType(text: type))
        #expect(try DNSExpectedAnswer(parsing: text, for: recordType).description == printed)
    }

    @Test(arguments: [
        ("A", "10.0.0", "not an IPv4 address"),
        ("A", "::1", "not an IPv4 address"),
        ("AAAA", "10.0.0.1", "not an IPv6 address"),
        ("NS", "a..b", "DNS name \"a..b\": empty label"),
        ("MX", "ten mail.example.com", "preference \"ten\" is not 0-65535"),
        ("MX", "10 mail example", "expected \"preference name\" or \"name\""),
        ("TXT", "", "empty"),
    ])
    func badExpectedAnswersAreRefusedSayingWhy(type: String, text: String, reason: String) throws {
        let recordType = try #require(DNSRecordType(text: type))
        #expect(throws: DNSSettingError.invalidExpectedAnswer(text, type: recordType, reason: reason)) {
            try DNSExpectedAnswer(parsing: text, for: recordType)
        }
    }

    @Test func expectedAnswersCompareAddressesAsAddressesAndNamesIgnoringCase() throws {
        let v6 = try DNSExpectedAnswer(parsing: "2001:DB8::0:1", for: .aaaa)
        #expect(v6.matches(.address(IPAddress("2001:db8::1")!)))
        #expect(!v6.matches(.address(IPAddress("2001:db8::2")!)))
        let name = try DNSExpectedAnswer(parsing: "WEB.example.com", for: .cname)
        #expect(name.matches(.name(try DomainName(parsing: "web.EXAMPLE.com."))))
        let anyPreference = try DNSExpectedAnswer(parsing: "mail.example.com", for: .mx)
        let exchange = try DomainName(parsing: "mail.example.com")
        #expect(anyPreference.matches(.mailExchanger(preference: 20, exchange: exchange)))
        #expect(
            try DNSExpectedAnswer(parsing: "10 mail.example.com", for: .mx).matches(
                .mailExchanger(preference: 10, exchange: exchange)))
        #expect(
            try !DNSExpectedAnswer(parsing: "10 mail.example.com", for: .mx).matches(
                .mailExchanger(preference: 20, exchange: exchange)))
        let text = try DNSExpectedAnswer(parsing: "v=spf1 -all", for: .txt)
        #expect(text.matches(.text([Array("v=spf1 ".utf8), Array("-all".utf8)])))
        #expect(!text.matches(.text([Array("v=spf1 +all".utf8)])))
    }
}
