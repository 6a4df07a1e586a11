import Addressing

/// What names a destination (real server) within its service: address and port.
public struct IPVSDestinationIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The real server's address; its family may differ from the service's only for tunnels.
    public var address: IPAddress
    /// The real server's port.
    public var port: UInt16

    /// Creates a destination identity.
    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `10.0.1.10:80` or `[2001:db8::10]:80`.
    public var description: String { "\(address.bracketedDescription):\(port)" }
}
