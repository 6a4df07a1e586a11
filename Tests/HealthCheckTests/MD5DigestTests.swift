import HealthCheck
import Testing

@Suite struct MD5DigestTests {
    @Test func hexRoundTripsInLowercase() throws {
        let digest = try MD5Digest(hex: "D41D8CD98F00B204E9800998ECF8427E")
        #expect(digest.description == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(digest.bytes.first == 0xD4 && digest.bytes.last == 0x7E)
    }

    @Test(arguments: [
        ("abc", "bad MD5 digest \"abc\": an MD5 digest is 32 hexadecimal digits, not 3"),
        (
            "d41d8cd98f00b204e9800998ecf8427g",
            "bad MD5 digest \"d41d8cd98f00b204e9800998ecf8427g\": not a hexadecimal digit at position 31"
        ),
    ])
    func badHexIsRefused(_ text: String, _ message: String) {
        #expect {
            _ = try MD5Digest(hex: text)
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test func onlySixteenBytesMakeADigest() {
        #expect(MD5Digest(bytes: [UInt8](repeating: 1, count: 16)) != nil)
        #expect(MD5Digest(bytes: [1, 2, 3]) == nil)
    }
}
