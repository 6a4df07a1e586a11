/// How packets reach a real server (`IP_VS_CONN_F_*` in `IPVS_DEST_ATTR_FWD_METHOD`).
public enum IPVSForwardingMethod: UInt32, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `IP_VS_CONN_F_MASQ`: NAT (`-m`).
    case masquerade = 0
    /// `IP_VS_CONN_F_LOCALNODE`: the real server is this host. (Linux 6.1 keeps whatever method a
    /// local destination was given, so this is only seen when asked for.)
    case local = 1
    /// `IP_VS_CONN_F_TUNNEL`: encapsulation (`-i`).
    case tunnel = 2
    /// `IP_VS_CONN_F_DROUTE`: direct routing, ipvsadm's default (`-g`).
    case directRoute = 3

    /// `IP_VS_CONN_F_FWD_MASK`: the bits of the attribute that hold the method.
    public static let mask: UInt32 = 0x7

    /// `Masq`, `Local`, `Tunnel`, `Route` (ipvsadm's listing words).
    public var description: String {
        switch self {
        case .masquerade: "Masq"
        case .local: "Local"
        case .tunnel: "Tunnel"
        case .directRoute: "Route"
        }
    }
}
