import Addressing

/// Where the peer director sends from and listens on: its public address and, when a private
/// heartbeat network is configured, its private one (lvs.cf `backup`/`backup_private` on the
/// primary, `primary`/`primary_private` on the backup).
public struct HeartbeatPeer: Hashable, Sendable, CustomStringConvertible {
    /// The peer's public address.
    public var publicAddress: IPAddress
    /// The peer's private address; `nil` (or equal to the public one) when there is no private path.
    public var privateAddress: IPAddress?

    /// Creates a peer; a private address equal to the public one means "no private path", as in
    /// Piranha (which opened a second socket only when the addresses differed).
    public init(publicAddress: IPAddress, privateAddress: IPAddress? = nil) {
        self.publicAddress = publicAddress
        self.privateAddress = privateAddress == publicAddress ? nil : privateAddress
    }

    /// The configured paths: public, then private when there is one.
    public var paths: [HeartbeatPath] { privateAddress == nil ? [.public] : [.public, .private] }

    /// The peer's address on `path`.
    public func address(on path: HeartbeatPath) -> IPAddress? {
        path == .public ? publicAddress : privateAddress
    }

    /// The path a datagram from `source` arrived on, or `nil` when `source` is not the peer.
    public func path(of source: IPAddress) -> HeartbeatPath? {
        if source == publicAddress { return .public }
        if let privateAddress, source == privateAddress { return .private }
        return nil
    }

    public var description: String {
        privateAddress.map { "\(publicAddress) (private \($0))" } ?? publicAddress.description
    }
}
