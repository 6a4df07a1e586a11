/// Netlink message types of the core protocol (`NLMSG_*` in `<linux/netlink.h>`).
public enum NetlinkMessageType {
    /// `NLMSG_NOOP`.
    public static let noop: UInt16 = 1
    /// `NLMSG_ERROR`: an error, or an acknowledgement when the error is 0.
    public static let error: UInt16 = 2
    /// `NLMSG_DONE`: the end of a dump.
    public static let done: UInt16 = 3
    /// `NLMSG_OVERRUN`.
    public static let overrun: UInt16 = 4
    /// `GENL_ID_CTRL`: the generic-netlink controller family.
    public static let genericNetlinkControl: UInt16 = 16
}

/// Netlink header flags (`NLM_F_*`).
public struct NetlinkMessageFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt16
    /// Creates flags from bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NLM_F_REQUEST`.
    public static let request = NetlinkMessageFlags(rawValue: 0x1)
    /// `NLM_F_MULTI`: part of a multi-message answer.
    public static let multi = NetlinkMessageFlags(rawValue: 0x2)
    /// `NLM_F_ACK`: answer with an acknowledgement.
    public static let ack = NetlinkMessageFlags(rawValue: 0x4)
    /// `NLM_F_DUMP_INTR`: the dump was interrupted by a change and may be inconsistent.
    public static let dumpInterrupted = NetlinkMessageFlags(rawValue: 0x10)
    /// `NLM_F_DUMP` (`NLM_F_ROOT | NLM_F_MATCH`).
    public static let dump = NetlinkMessageFlags(rawValue: 0x300)
}

/// Netlink attribute layout (`struct nlattr`).
public enum NetlinkAttributeLayout {
    /// `NLA_F_NESTED`: set in the type of a nest.
    public static let nestedFlag: UInt16 = 0x8000
    /// `NLA_F_NET_BYTEORDER`.
    public static let networkByteOrderFlag: UInt16 = 0x4000
    /// `NLA_TYPE_MASK`: the type without its flags.
    public static let typeMask: UInt16 = 0x3FFF
    /// `NLA_HDRLEN`.
    public static let headerLength = 4
    /// `NLMSG_HDRLEN`.
    public static let messageHeaderLength = 16
    /// `GENL_HDRLEN`.
    public static let genericHeaderLength = 4

    /// Rounds up to the 4-byte netlink alignment (`NLA_ALIGN`, `NLMSG_ALIGN`).
    @inline(__always)
    public static func aligned(_ n: Int) -> Int { (n + 3) & ~3 }
}
