import Addressing

/// A `server NAME { … }` block inside a virtual service.
///
/// In a config without errors, every *active* real server has a usable `address`.
public struct RealServer: Hashable, Sendable, Codable {
    /// The block name; unique within its virtual service.
    public var name: String
    /// `address`: the real server's address; nil when the block has none.
    public var address: IPAddress?
    /// `port`: the real port. When the block does not set it, the virtual service's final `port`.
    public var port: UInt16
    /// `weight`, 0...65535. Default 1.
    public var weight: Int = 1
    /// `active`: a nanny checks the server and it is added when healthy. Default false.
    public var active = false

    /// Creates a real server.
    public init(name: String, address: IPAddress? = nil, port: UInt16 = 80, weight: Int = 1, active: Bool = false) {
        self.name = name
        self.address = address
        self.port = port
        self.weight = weight
        self.active = active
    }
}
