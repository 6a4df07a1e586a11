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
