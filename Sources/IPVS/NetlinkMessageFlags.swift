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
