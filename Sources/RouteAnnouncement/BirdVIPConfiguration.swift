import Addressing

/// The file pulse writes for BIRD and BIRD's configuration includes: one static protocol per
/// address family holding a /32 (/128) route for each VIP this director announces. BIRD's BGP
/// protocols export them (`export where proto = "lvsrouter_vips4"`); an empty protocol withdraws
/// every VIP of its family. Both protocols are always there, so the admin's filters that name
/// them stay valid whatever is announced.
public struct BirdVIPConfiguration: Sendable, Equatable {
    /// The static protocol of the IPv4 VIPs.
    public static let ipv4Protocol = "lvsrouter_vips4"
    /// The static protocol of the IPv6 VIPs.
    public static let ipv6Protocol = "lvsrouter_vips6"

    /// The VIPs to announce.
    public var announced: Set<IPAddress>
    /// The BGP sessions, when pulse writes them too (`cluster_mode = bgp`); nil when bird.conf
    /// holds its own.
    public var sessions: BirdSessions?

    public init(announcing announced: Set<IPAddress>, sessions: BirdSessions? = nil) {
        self.announced = announced
        self.sessions = sessions
    }

    /// The file's text, the VIPs sorted, so that the same set always gives the same bytes.
    public var text: String {
        let sorted = announced.sorted()
        var out = "# Written by pulse (LVSRouter): the VIPs this director announces. Do not edit;\n"
        out += "# include it from bird.conf\(sessions == nil ? " and export these protocols to the routers" : "").\n"
        out += block(
            Self.ipv4Protocol, channel: "ipv4",
            routes: sorted.compactMap { address in
                if case .v4 = address { return "\(address)/32" }
                return nil
            })
        out += block(
            Self.ipv6Protocol, channel: "ipv6",
            routes: sorted.compactMap { address in
                if case .v6 = address { return "\(address)/128" }
                return nil
            })
        return out + (sessions?.text ?? "")
    }

    private func block(_ name: String, channel: String, routes: [String]) -> String {
        var out = "protocol static \(name) {\n    \(channel);\n"
        for route in routes { out += "    route \(route) blackhole;\n" }
        return out + "}\n"
    }
}
