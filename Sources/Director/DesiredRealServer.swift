import IPVS

/// An active `server` block as lvsd applies it: its name, where it is, and its configured weight.
public struct DesiredRealServer: Hashable, Sendable {
    /// The `server NAME {` block name.
    public var name: String
    /// Address and port (`-r RIP:RPORT`).
    public var identity: IPVSDestinationIdentity
    /// `weight`, 0...65535.
    public var weight: Int

    /// Creates a real server.
    public init(name: String, identity: IPVSDestinationIdentity, weight: Int) {
        self.name = name
        self.identity = identity
        self.weight = weight
    }
}
