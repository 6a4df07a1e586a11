/// Encapsulation settings of a tunnelled destination (`IPVS_DEST_ATTR_TUN_TYPE`, `…_TUN_PORT`,
/// `…_TUN_FLAGS`). Ignored by the kernel for other forwarding methods.
public struct IPVSTunnel: Hashable, Sendable {
    /// The encapsulation.
    public var type: IPVSTunnelType
    /// The GUE destination port (required for GUE, 0 otherwise).
    public var port: UInt16
    /// The checksum mode.
    public var checksum: IPVSTunnelChecksum

    /// Creates tunnel settings; the defaults are plain IP-in-IP.
    public init(type: IPVSTunnelType = .ipip, port: UInt16 = 0, checksum: IPVSTunnelChecksum = .none) {
        self.type = type
        self.port = port
        self.checksum = checksum
    }

    /// IP-in-IP, no port, no checksum: what every destination carries unless told otherwise.
    public static let ipip = IPVSTunnel()
}

/// The tunnel encapsulation (`IP_VS_CONN_F_TUNNEL_TYPE_*`).
public enum IPVSTunnelType: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `IP_VS_CONN_F_TUNNEL_TYPE_IPIP`.
    case ipip = 0
    /// `IP_VS_CONN_F_TUNNEL_TYPE_GUE`: generic UDP encapsulation.
    case gue = 1
    /// `IP_VS_CONN_F_TUNNEL_TYPE_GRE`.
    case gre = 2

    /// `ipip`, `gue`, `gre`.
    public var description: String {
        switch self {
        case .ipip: "ipip"
        case .gue: "gue"
        case .gre: "gre"
        }
    }
}

/// Tunnel checksum mode (`IP_VS_TUNNEL_ENCAP_FLAG_*`).
public enum IPVSTunnelChecksum: UInt16, Hashable, Sendable, CaseIterable {
    /// `IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM`.
    case none = 0
    /// `IP_VS_TUNNEL_ENCAP_FLAG_CSUM`.
    case checksum = 1
    /// `IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM`.
    case remoteChecksum = 2
}
