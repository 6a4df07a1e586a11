/// Connection timeouts of the IPVS table, in seconds (`IPVS_CMD_ATTR_TIMEOUT_TCP`, `…_TCP_FIN`,
/// `…_UDP`). In `IPVS_CMD_SET_CONFIG`, 0 leaves a value unchanged.
public struct IPVSTimeouts: Hashable, Sendable, CustomStringConvertible {
    /// Established TCP connections (kernel default 900).
    public var tcp: UInt32
    /// TCP connections in FIN_WAIT (kernel default 120).
    public var tcpFin: UInt32
    /// UDP flows (kernel default 300).
    public var udp: UInt32

    /// Creates timeouts.
    public init(tcp: UInt32, tcpFin: UInt32, udp: UInt32) {
        self.tcp = tcp
        self.tcpFin = tcpFin
        self.udp = udp
    }

    /// The kernel's defaults: 900 120 300.
    public static let kernelDefaults = IPVSTimeouts(tcp: 900, tcpFin: 120, udp: 300)

    /// `tcp 900, tcpfin 120, udp 300`.
    public var description: String { "tcp \(tcp), tcpfin \(tcpFin), udp \(udp)" }
}
