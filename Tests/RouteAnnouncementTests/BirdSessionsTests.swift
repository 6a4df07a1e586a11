import Addressing
import Testing

@testable import RouteAnnouncement

@Suite struct BirdSessionsTests {
    static let sessions = BirdSessions(
        localAddress: IPAddress("10.0.0.11")!, localAS: 65010,
        neighbors: [
            .init(address: IPAddress("10.0.0.1")!, autonomousSystem: 65000),
            .init(address: IPAddress("2001:db8::1")!, autonomousSystem: 65001),
        ], bfd: true, holdTime: 9)

    @Test func oneBGPProtocolPerRouterExportingOnlyItsFamilysVIPs() {
        #expect(
            Self.sessions.text == """
                protocol bfd lvsrouter_bfd {
                    interface "*" {
                        min rx interval 100 ms;
                        min tx interval 100 ms;
                        multiplier 3;
                    };
                }
                protocol bgp lvsrouter_bgp1 {
                    description "router 10.0.0.1";
                    router id 10.0.0.11;
                    local 10.0.0.11 as 65010;
                    neighbor 10.0.0.1 as 65000;
                    hold time 9;
                    connect retry time 5;
                    error wait time 5, 60;
                    bfd on;
                    ipv4 {
                        import none;
                        export where proto = "lvsrouter_vips4";
                        next hop self;
                    };
                }
                protocol bgp lvsrouter_bgp2 {
                    description "router 2001:db8::1";
                    router id 10.0.0.11;
                    local as 65010;
                    neighbor 2001:db8::1 as 65001;
                    hold time 9;
                    connect retry time 5;
                    error wait time 5, 60;
                    bfd on;
                    ipv6 {
                        import none;
                        export where proto = "lvsrouter_vips6";
                        next hop self;
                    };
                }

                """)
    }

    @Test func withoutBFDNoBFDProtocol() {
        var plain = Self.sessions
        plain.bfd = false
        #expect(!plain.text.contains("bfd"))
        #expect(
            plain.summary == "AS 65010 from 10.0.0.11 to 10.0.0.1 (AS 65000), 2001:db8::1 (AS 65001), hold time 9 s")
    }

    @Test func theSessionsFollowTheVIPsInTheFile() {
        let text = BirdVIPConfiguration(announcing: [IPAddress("192.0.2.10")!], sessions: Self.sessions).text
        #expect(
            text.hasPrefix(
                "# Written by pulse (LVSRouter): the VIPs this director announces. Do not edit;\n# include it from bird.conf.\n"
            ))
        #expect(
            text.contains(
                "    route 192.0.2.10/32 blackhole;\n}\nprotocol static lvsrouter_vips6 {\n    ipv6;\n}\nprotocol bfd"))
    }
}
