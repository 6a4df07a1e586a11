import Addressing
import Testing

@testable import RouteAnnouncement

@Suite struct BirdVIPConfigurationTests {
    @Test func routesByFamilySorted() {
        let vips: Set<IPAddress> = [IPAddress("192.0.2.20")!, IPAddress("2001:db8::10")!, IPAddress("192.0.2.10")!]
        #expect(
            BirdVIPConfiguration(announcing: vips).text == """
                # Written by pulse (LVSRouter): the VIPs this director announces. Do not edit;
                # include it from bird.conf and export these protocols to the routers.
                protocol static lvsrouter_vips4 {
                    ipv4;
                    route 192.0.2.10/32 blackhole;
                    route 192.0.2.20/32 blackhole;
                }
                protocol static lvsrouter_vips6 {
                    ipv6;
                    route 2001:db8::10/128 blackhole;
                }

                """)
    }

    @Test func nothingAnnouncedKeepsBothProtocols() {
        let text = BirdVIPConfiguration(announcing: []).text
        #expect(text.contains("protocol static lvsrouter_vips4 {\n    ipv4;\n}\n"))
        #expect(text.contains("protocol static lvsrouter_vips6 {\n    ipv6;\n}\n"))
        #expect(!text.contains("    route "))
    }
}
