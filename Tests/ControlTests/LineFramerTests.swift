import Control
import Testing

@Suite struct LineFramerTests {
    @Test func splitsLinesAcrossFeeds() {
        var framer = LineFramer(maximumLineLength: 100)
        #expect(framer.feed(Array("{\"a\":1}\n{\"b\"".utf8)) == [.line(Array("{\"a\":1}".utf8))])
        #expect(framer.pendingByteCount == 4)
        #expect(framer.feed(Array(":2}\r\n\n".utf8)) == [.line(Array("{\"b\":2}".utf8)), .line([])])
    }

    @Test func overflowIsReportedOnce() {
        var framer = LineFramer(maximumLineLength: 8)
        #expect(framer.feed(Array("123456789\nabc\n".utf8)) == [.overflow])
        var exact = LineFramer(maximumLineLength: 8)
        #expect(exact.feed(Array("12345678\n".utf8)) == [.line(Array("12345678".utf8))])
    }
}

@Suite struct RealServerSelectorTests {
    @Test func parsesTheFourForms() {
        #expect(RealServerSelector("10.0.1.10")?.description == "10.0.1.10")
        #expect(RealServerSelector("10.0.1.10:80")?.port == 80)
        #expect(RealServerSelector("2001:db8::10")?.description == "2001:db8::10")
        #expect(RealServerSelector("[2001:db8::10]:8080")?.description == "[2001:db8::10]:8080")
        #expect(RealServerSelector("[2001:db8::10]")?.port == nil)
        for bad in [
            "", "10.0.1", "10.0.1.10:", "10.0.1.10:0", "10.0.1.10:65536", "[2001:db8::10]80", "host:80",
            "[10.0.1.10]:80", "10.0.1.10:8x",
        ] {
            #expect(RealServerSelector(bad) == nil, "\(bad)")
        }
    }

    @Test func matchesAddressAndOptionalPort() {
        let any = RealServerSelector("10.0.1.10")!
        let web = RealServerSelector("10.0.1.10:80")!
        #expect(any.matches(address: .v4(.init(10, 0, 1, 10)), port: 443))
        #expect(web.matches(address: .v4(.init(10, 0, 1, 10)), port: 80))
        #expect(!web.matches(address: .v4(.init(10, 0, 1, 10)), port: 443))
        #expect(!web.matches(address: .v4(.init(10, 0, 1, 11)), port: 80))
    }
}
