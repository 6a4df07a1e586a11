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
