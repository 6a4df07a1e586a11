import Addressing

/// One director's addresses: `primary`/`primary_private`/`primary_shared` or
/// `backup`/`backup_private`/`backup_shared`.
public struct DirectorAddresses: Hashable, Sendable, Codable {
    /// The public address (`primary`, `backup`); nil when not set (or, for `backup`, 0.0.0.0).
    public var publicAddress: IPAddress?
    /// The private heartbeat address (`primary_private`, `backup_private`). When the file does not
    /// set it, it is the public address: each director's independently (Piranha copied
    /// `backup` over an explicit `backup_private` when `primary_private` was absent).
    public var privateAddress: IPAddress?
    /// FOS only: the shared SCSI device (`primary_shared`, `backup_shared`).
    public var sharedDevice: String?

    /// Creates a director's addresses.
    public init(publicAddress: IPAddress? = nil, privateAddress: IPAddress? = nil, sharedDevice: String? = nil) {
        self.publicAddress = publicAddress
        self.privateAddress = privateAddress
        self.sharedDevice = sharedDevice
    }

    /// Whether the private address differs from the public one, so pulse needs a second socket.
    public var hasSeparatePrivateAddress: Bool {
        privateAddress != nil && privateAddress != publicAddress
    }
}
