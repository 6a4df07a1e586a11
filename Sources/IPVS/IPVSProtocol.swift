/// The transport protocol of an address-based virtual service (`IPPROTO_*`).
///
/// Stored as the raw protocol number so that whatever the kernel reports round-trips; the
/// named constants are the three IPVS balances.
public struct IPVSProtocol: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The IP protocol number.
    public var rawValue: UInt16

    /// Creates a protocol from its number.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `IPPROTO_TCP` (6).
    public static let tcp = IPVSProtocol(rawValue: 6)
    /// `IPPROTO_UDP` (17).
    public static let udp = IPVSProtocol(rawValue: 17)
    /// `IPPROTO_SCTP` (132).
    public static let sctp = IPVSProtocol(rawValue: 132)

    /// `TCP`, `UDP`, `SCTP`, or `?` for anything else (the names ipvsadm prints).
    public var description: String {
        switch self {
        case .tcp: "TCP"
        case .udp: "UDP"
        case .sctp: "SCTP"
        default: "?"
        }
    }

    /// The lower-case name `getservbyport(3)` and `getservbyname(3)` use (`tcp`, `udp`, `sctp`).
    public var serviceDatabaseName: String? {
        switch self {
        case .tcp: "tcp"
        case .udp: "udp"
        case .sctp: "sctp"
        default: nil
        }
    }
}
