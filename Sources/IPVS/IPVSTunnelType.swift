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
