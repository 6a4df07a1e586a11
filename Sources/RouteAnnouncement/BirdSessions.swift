import Addressing
import LVSConfig

/// The BGP sessions pulse has BIRD hold with the routers, written into the same file as the VIPs
/// (``BirdVIPConfiguration``): one `protocol bgp` per router, exporting only the VIP protocol of
/// its family, with the hold time and (when asked) BFD, so that a dead director's routes go away
/// quickly.
public struct BirdSessions: Sendable, Hashable {
    /// One router: its address and AS number, as lvs.cf's `bgp_neighbors` gives them.
    public typealias Neighbor = ClusterSettings.Neighbor

    /// BFD's multiplier: a peer is down after this many intervals without a packet.
    public static let bfdMultiplier = 3
    /// How long BIRD waits before it connects again after a session failed, at first and at most,
    /// in seconds (BIRD's own 60 s would keep a director that flapped out for a minute).
    public static let errorWaitSeconds = (first: 5, most: 60)
    /// How long BIRD waits before connecting again after a failed attempt, in seconds (BIRD's own
    /// default, 120 s, would leave a restarted router without this director for two minutes).
    public static let connectRetrySeconds = 5

    /// This director's address: the sessions start from it, and (IPv4) it is their router id.
    public var localAddress: IPAddress
    /// The directors' AS number.
    public var localAS: UInt32
    /// The routers.
    public var neighbors: [Neighbor]
    /// Whether BFD watches each session.
    public var bfd: Bool
    /// BFD's interval, in milliseconds.
    public var bfdInterval: Int
    /// The BGP hold time, in seconds.
    public var holdTime: Int

    public init(
        localAddress: IPAddress, localAS: UInt32, neighbors: [Neighbor], bfd: Bool, bfdInterval: Int = 100,
        holdTime: Int
    ) {
        self.localAddress = localAddress
        self.localAS = localAS
        self.neighbors = neighbors
        self.bfd = bfd
        self.bfdInterval = bfdInterval
        self.holdTime = holdTime
    }

    /// The name of the protocol of the `index`th router (from 0), as `show protocols` lists it.
    public static func protocolName(_ index: Int) -> String { "lvsrouter_bgp\(index + 1)" }

    /// The sessions in one line, for the log: `AS 65010 from 10.0.0.11 to 10.0.0.1 (AS 65000), BFD`.
    public var summary: String {
        let routers = neighbors.map { "\($0.address) (AS \($0.autonomousSystem))" }.joined(separator: ", ")
        return
            "AS \(localAS) from \(localAddress) to \(routers), hold time \(holdTime) s\(bfd ? ", BFD every \(bfdInterval) ms" : "")"
    }

    /// The protocols' text.
    public var text: String {
        var out = ""
        if bfd {
            out += "protocol bfd lvsrouter_bfd {\n"
            out += "    interface \"*\" {\n"
            out += "        min rx interval \(bfdInterval) ms;\n"
            out += "        min tx interval \(bfdInterval) ms;\n"
            out += "        multiplier \(Self.bfdMultiplier);\n"
            out += "    };\n}\n"
        }
        for (index, neighbor) in neighbors.enumerated() {
            let v4 = neighbor.address.family == .inet
            out += "protocol bgp \(Self.protocolName(index)) {\n"
            out += "    description \"router \(neighbor.address)\";\n"
            if case .v4 = localAddress { out += "    router id \(localAddress);\n" }
            if localAddress.family == neighbor.address.family {
                out += "    local \(localAddress) as \(localAS);\n"
            } else {
                out += "    local as \(localAS);\n"
            }
            out += "    neighbor \(neighbor.address) as \(neighbor.autonomousSystem);\n"
            out += "    hold time \(holdTime);\n"
            out += "    connect retry time \(Self.connectRetrySeconds);\n"
            out += "    error wait time \(Self.errorWaitSeconds.first), \(Self.errorWaitSeconds.most);\n"
            if bfd { out += "    bfd on;\n" }
            let vips = v4 ? BirdVIPConfiguration.ipv4Protocol : BirdVIPConfiguration.ipv6Protocol
            out += "    \(v4 ? "ipv4" : "ipv6") {\n"
            out += "        import none;\n"
            out += "        export where proto = \"\(vips)\";\n"
            out += "        next hop self;\n"
            out += "    };\n}\n"
        }
        return out
    }
}
