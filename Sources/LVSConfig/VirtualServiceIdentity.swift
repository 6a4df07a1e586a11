import Addressing

/// What IPVS identifies a virtual service by, and what lvsd matches old and new services by on
/// reload: address + protocol + port, or a firewall mark within an address family.
public enum VirtualServiceIdentity: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// `-t|-u|--sctp-service ADDRESS:PORT`.
    case service(IPAddress, VirtualService.TransportProtocol, UInt16)
    /// `-f MARK`, for IPv4 or IPv6.
    case firewallMark(UInt32, AddressFamily)

    /// `TCP 10.0.0.100:80`, `UDP [2001:db8::1]:53`, `FWM 5` (`FWM 5 IPv6` for IPv6).
    public var description: String {
        switch self {
        case .service(let address, let proto, let port):
            "\(proto) \(address.bracketedDescription):\(port)"
        case .firewallMark(let mark, let family):
            family == .inet ? "FWM \(mark)" : "FWM \(mark) \(family)"
        }
    }

    /// Firewall marks after address services; then by value.
    public static func < (lhs: VirtualServiceIdentity, rhs: VirtualServiceIdentity) -> Bool {
        switch (lhs, rhs) {
        case (.service(let a, let p, let n), .service(let b, let q, let m)):
            (a, n, p.rawValue) < (b, m, q.rawValue)
        case (.firewallMark(let a, let f), .firewallMark(let b, let g)):
            (a, f.rawValue) < (b, g.rawValue)
        case (.service, .firewallMark): true
        case (.firewallMark, .service): false
        }
    }
}
