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
