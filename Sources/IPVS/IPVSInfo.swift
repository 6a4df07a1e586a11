/// General facts about the kernel's IPVS (`IPVS_CMD_GET_INFO`).
public struct IPVSInfo: Hashable, Sendable, CustomStringConvertible {
    /// `IPVS_INFO_ATTR_VERSION`: major, minor and patch in bits 16, 8 and 0 (`0x010201` is 1.2.1).
    public var version: UInt32
    /// `IPVS_INFO_ATTR_CONN_TAB_SIZE`: buckets of the connection hash table.
    public var connectionTableSize: UInt32

    /// Creates info.
    public init(version: UInt32, connectionTableSize: UInt32) {
        self.version = version
        self.connectionTableSize = connectionTableSize
    }

    /// The version's three parts.
    public var versionComponents: (major: UInt32, minor: UInt32, patch: UInt32) {
        (version >> 16 & 0xff, version >> 8 & 0xff, version & 0xff)
    }

    /// `1.2.1`.
    public var versionString: String {
        let v = versionComponents
        return "\(v.major).\(v.minor).\(v.patch)"
    }

    /// `IPVS 1.2.1, connection table size 4096`.
    public var description: String { "IPVS \(versionString), connection table size \(connectionTableSize)" }
}
