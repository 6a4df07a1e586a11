import Addressing
import LVSConfig
import RouteAnnouncement

/// This director's part in an active-active cluster (`cluster_mode = bgp`): its own address among
/// `cluster_directors`, and the BGP settings BIRD's sessions are written from.
public struct ClusterMembership: Hashable, Sendable {
    /// This director's address in `cluster_directors`.
    public var ownAddress: IPAddress
    /// The cluster keys as lvs.cf gives them.
    public var settings: ClusterSettings

    /// The membership of the director at `ownAddress`; throws when lvs.cf lacks what BGP needs.
    public init(ownAddress: IPAddress, settings: ClusterSettings) throws(PulseSettingsError) {
        guard settings.directors.contains(ownAddress) else {
            throw PulseSettingsError("this director's address \(ownAddress) is not in cluster_directors")
        }
        guard settings.localAS != nil, !settings.neighbors.isEmpty else {
            throw PulseSettingsError("cluster_mode = bgp needs bgp_local_as and bgp_neighbors")
        }
        self.ownAddress = ownAddress
        self.settings = settings
    }

    /// The sessions BIRD holds with the routers.
    public var sessions: BirdSessions {
        BirdSessions(
            localAddress: ownAddress, localAS: settings.localAS ?? 0,
            neighbors: settings.neighbors,
            bfd: settings.bfd, bfdInterval: settings.bfdInterval, holdTime: settings.holdTime)
    }

    /// BIRD's control socket, bounded so that a stuck BIRD never holds an announcement long.
    public var control: BirdControl { BirdControl(path: settings.birdSocket, timeout: .seconds(5)) }

    /// The address in `cluster_directors` this host holds; throws when it holds none.
    public static func ownAddress(
        in config: LVSConfig, holding isLocal: (IPAddress) throws -> Bool
    ) throws -> IPAddress {
        for address in config.cluster.directors where try isLocal(address) { return address }
        let listed = config.cluster.directors.map(\.description).joined(separator: ", ")
        throw PulseSettingsError(
            "this host holds none of cluster_directors (\(listed)) on any interface: pulse runs only on the directors named in lvs.cf"
        )
    }
}
