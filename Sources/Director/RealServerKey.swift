import IPVS

/// One real server of one virtual service: what a nanny watches and a health record describes.
/// The same address and port in two virtual services are two keys (two nannies, as in Piranha).
public struct RealServerKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The virtual service.
    public var service: IPVSServiceIdentity
    /// The real server's address and port.
    public var server: IPVSDestinationIdentity

    /// Creates a key.
    public init(service: IPVSServiceIdentity, server: IPVSDestinationIdentity) {
        self.service = service
        self.server = server
    }

    /// `10.0.1.10:80 of TCP 10.0.0.100:80`.
    public var description: String { "\(server) of \(service)" }

    /// By service text, then by server address and port (a stable order for logs and tests).
    public static func < (lhs: RealServerKey, rhs: RealServerKey) -> Bool {
        let (a, b) = (lhs.service.description, rhs.service.description)
        if a != b { return a < b }
        if lhs.server.address != rhs.server.address { return lhs.server.address < rhs.server.address }
        return lhs.server.port < rhs.server.port
    }
}
