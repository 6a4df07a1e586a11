import Addressing

/// What names a virtual service in the kernel: a protocol, address and port, or a firewall mark.
///
/// Every service command (`IPVS_CMD_DEL_SERVICE`, `IPVS_CMD_NEW_DEST`, …) carries exactly this
/// identity in its `IPVS_CMD_ATTR_SERVICE` nest.
public enum IPVSServiceIdentity: Hashable, Sendable, CustomStringConvertible {
    /// A service on `address:port` for `protocol` (TCP, UDP or SCTP).
    case address(IPVSProtocol, IPAddress, port: UInt16)
    /// A firewall-mark service (`-f`), for IPv4 or IPv6 packets. The mark is never 0.
    case firewallMark(UInt32, family: AddressFamily)

    /// The service's address family.
    public var family: AddressFamily {
        switch self {
        case .address(_, let address, _): address.family
        case .firewallMark(_, let family): family
        }
    }

    /// The firewall mark, or nil for an address-based service.
    public var firewallMark: UInt32? {
        if case .firewallMark(let mark, _) = self { return mark }
        return nil
    }

    /// `TCP 10.0.0.100:80`, `UDP [2001:db8::1]:53`, `FWM 42`, `FWM 42 IPv6`.
    public var description: String {
        switch self {
        case .address(let proto, let address, let port):
            "\(proto) \(address.bracketedDescription):\(port)"
        case .firewallMark(let mark, let family):
            family == .inet6 ? "FWM \(mark) IPv6" : "FWM \(mark)"
        }
    }
}
