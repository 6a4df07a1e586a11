extension LVSConfigRenderer {
    /// The `vrrp_*` keys whose value differs from the default, whatever `heartbeat_protocol` says,
    /// so that a model read from a file the checks refused is written back as it was read.
    func appendVRRP(_ v: VRRPSettings, to s: inout [(key: String, value: String)]) {
        let d = VRRPSettings()
        func add(_ key: ConfigKey, _ value: String) { s.append((key.rawValue, value)) }
        if let id = v.virtualRouterID { add(.vrrpID, String(id)) }
        if let version = v.version { add(.vrrpVersion, String(version.rawValue)) }
        if v.primaryPriority != d.primaryPriority { add(.vrrpPrimaryPriority, String(v.primaryPriority)) }
        if v.backupPriority != d.backupPriority { add(.vrrpBackupPriority, String(v.backupPriority)) }
        if v.advertInterval != d.advertInterval { add(.vrrpAdvertInterval, String(v.advertInterval)) }
        if v.preempt != d.preempt { add(.vrrpPreempt, v.preempt ? "1" : "0") }
        if v.preemptDelay != d.preemptDelay { add(.vrrpPreemptDelay, String(v.preemptDelay)) }
        if !v.unicastPeers.isEmpty { add(.vrrpUnicastPeers, v.unicastPeers.map(\.description).joined(separator: " ")) }
        if v.checksum != d.checksum { add(.vrrpChecksum, v.checksum.rawValue) }
    }
}
