/// What runs on the lab's directors: the suite's pulse (with lvsd and nannies), or keepalived,
/// the peer the benchmarks compare it with.
public enum LabDaemon: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `pulse -n` on the lab's lvs.cf.
    case pulse
    /// keepalived (Debian's package): VRRPv3 for the addresses, its checkers and the IPVS table
    /// from the keepalived.conf of ``KeepalivedConfigFile``.
    case keepalived

    public var description: String { rawValue }
}
