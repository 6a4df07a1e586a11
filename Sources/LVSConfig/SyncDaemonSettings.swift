/// The IPVS connection-sync daemon: `syncdaemon`, `syncd_iface`, `syncd_id`.
public struct SyncDaemonSettings: Hashable, Sendable, Codable {
    /// `syncdaemon`: run it (master on the active director, backup on the other). Default false.
    public var enabled = false
    /// `syncd_iface`: the multicast interface. Default `eth0`.
    public var interface = "eth0"
    /// `syncd_id`: the sync ID, 0...255. Default 0.
    public var syncID: UInt8 = 0

    /// Creates settings; every parameter defaults to Piranha's default.
    public init(enabled: Bool = false, interface: String = "eth0", syncID: UInt8 = 0) {
        self.enabled = enabled
        self.interface = interface
        self.syncID = syncID
    }
}
