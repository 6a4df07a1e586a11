/// Service flags (`IP_VS_SVC_F_*`, carried in `IPVS_SVC_ATTR_FLAGS`).
public struct IPVSServiceFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32

    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `IP_VS_SVC_F_PERSISTENT`: connections from one client stick to one real server.
    public static let persistent = IPVSServiceFlags(rawValue: 0x0001)
    /// `IP_VS_SVC_F_HASHED`: kernel-internal, set on every service in replies.
    public static let hashed = IPVSServiceFlags(rawValue: 0x0002)
    /// `IP_VS_SVC_F_ONEPACKET`: schedule every UDP datagram on its own (`-o`).
    public static let onePacket = IPVSServiceFlags(rawValue: 0x0004)
    /// `IP_VS_SVC_F_SCHED1` (`flag-1`; `sh-fallback` for sh, `mh-fallback` for mh).
    public static let scheduler1 = IPVSServiceFlags(rawValue: 0x0008)
    /// `IP_VS_SVC_F_SCHED2` (`flag-2`; `sh-port` for sh, `mh-port` for mh).
    public static let scheduler2 = IPVSServiceFlags(rawValue: 0x0010)
    /// `IP_VS_SVC_F_SCHED3` (`flag-3`).
    public static let scheduler3 = IPVSServiceFlags(rawValue: 0x0020)

    /// The three scheduler flags.
    public static let schedulerFlags: IPVSServiceFlags = [.scheduler1, .scheduler2, .scheduler3]
}
