import LVSConfig
import Pulse
import Testing

@Suite struct ConfigFingerprintTests {
    @Test func fnv1aMatchesTheReferenceValues() {
        // The FNV-1a 32-bit test vectors.
        #expect(ConfigFingerprint.text(fnv([])) == "811c9dc5")
        #expect(ConfigFingerprint.text(fnv(Array("a".utf8))) == "e40c292c")
        #expect(ConfigFingerprint.text(fnv(Array("foobar".utf8))) == "bf9cf968")
    }

    func fnv(_ bytes: [UInt8]) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    @Test func commentsAndGlobalOrderDoNotMatterSettingsDo() {
        let base = PulseTestConfig.config()
        let reordered = PulseTestConfig.config(
            text: "# a comment\n\n"
                + PulseTestConfig.base.split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init).enumerated().map { $0.offset == 0 ? "keepalive = 0.25\n" + $0.element : $0.element }
                .filter { $0 != "keepalive = 0.25" }.joined(separator: "\n"))
        #expect(ConfigFingerprint(base) == ConfigFingerprint(reordered))
        #expect(ConfigFingerprint(base) != ConfigFingerprint(PulseTestConfig.config(["keepalive": "0.3"])))
        #expect(ConfigFingerprint(base) != ConfigFingerprint(PulseTestConfig.config(["serial_no": "8"])))
        #expect(ConfigFingerprint(base).description.count == 8)
    }
}
