/// `tcp_timeout`, `tcpfin_timeout`, `udp_timeout`: the IPVS connection timeouts lvs.cf asks
/// for, in seconds (`ipvsadm --set`). 0 leaves the kernel's value unchanged.
///
/// The configured values only; the IPVS library's `IPVSTimeouts` are the kernel's, and lvsd maps
/// these onto them. Kept apart so that lvs.cf's model needs no IPVS client.
public struct ConnectionTimeoutSettings: Hashable, Sendable, Codable {
    /// `tcp_timeout`, seconds; 0 = unchanged.
    public var tcp: UInt32 = 0
    /// `tcpfin_timeout`, seconds; 0 = unchanged.
    public var tcpFin: UInt32 = 0
    /// `udp_timeout`, seconds; 0 = unchanged.
    public var udp: UInt32 = 0

    /// Creates timeouts; 0 means "leave the kernel's value".
    public init(tcp: UInt32 = 0, tcpFin: UInt32 = 0, udp: UInt32 = 0) {
        self.tcp = tcp
        self.tcpFin = tcpFin
        self.udp = udp
    }

    /// Whether any timeout is to be set.
    public var isSet: Bool { tcp != 0 || tcpFin != 0 || udp != 0 }
}
