/// Tunnel checksum mode (`IP_VS_TUNNEL_ENCAP_FLAG_*`).
public enum IPVSTunnelChecksum: UInt16, Hashable, Sendable, CaseIterable {
    /// `IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM`.
    case none = 0
    /// `IP_VS_TUNNEL_ENCAP_FLAG_CSUM`.
    case checksum = 1
    /// `IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM`.
    case remoteChecksum = 2
}
