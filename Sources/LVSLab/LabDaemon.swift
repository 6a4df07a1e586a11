/// What runs on the lab's directors: the suite's pulse (with lvsd and nannies), keepalived, the
/// peer the benchmarks compare it with, or a mixed pair of the two speaking VRRP to each other.
public enum LabDaemon: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `pulse -n` on the lab's lvs.cf.
    case pulse
    /// keepalived (Debian's package): VRRPv3 for the addresses, its checkers and the IPVS table
    /// from the keepalived.conf of ``KeepalivedConfigFile``.
    case keepalived
    /// A mixed pair: pulse on the primary with `heartbeat_protocol = vrrp` (the lvs.cf of
    /// ``LabConfigFile``), keepalived on the backup (``KeepalivedConfigFile``), one virtual router.
    case pulseWithKeepalived = "pulse+keepalived"

    /// What runs on director `role`: pulse or keepalived (the mixed pair's primary runs pulse,
    /// its backup keepalived).
    public func program(on role: LabDirectorRole) -> LabDaemon {
        guard self == .pulseWithKeepalived else { return self }
        return role == .primary ? .pulse : .keepalived
    }

    /// Whether pulse elects with VRRP (`heartbeat_protocol = vrrp`) rather than its heartbeats.
    public var pulseSpeaksVRRP: Bool { self == .pulseWithKeepalived }

    public var description: String { rawValue }
}
