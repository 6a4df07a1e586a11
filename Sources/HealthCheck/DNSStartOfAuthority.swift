import CheckVocabulary

/// The data of an SOA record.
public struct DNSStartOfAuthority: Hashable, Sendable, CustomStringConvertible {
    /// The zone's primary name server (`MNAME`).
    public var primaryServer: DomainName
    /// The responsible person's mailbox as a name (`RNAME`).
    public var mailbox: DomainName
    /// The zone's serial number.
    public var serial: UInt32
    /// Seconds between secondaries' refreshes.
    public var refresh: UInt32
    /// Seconds before a failed refresh is retried.
    public var retry: UInt32
    /// Seconds after which secondaries stop answering without a refresh.
    public var expire: UInt32
    /// The negative-caching time.
    public var minimum: UInt32

    /// An SOA record's data.
    public init(
        primaryServer: DomainName, mailbox: DomainName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32,
        minimum: UInt32
    ) {
        self.primaryServer = primaryServer
        self.mailbox = mailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }

    /// Zone-file order: `ns1.example.com hostmaster.example.com 2024010101 3600 600 86400 300`.
    public var description: String {
        "\(primaryServer) \(mailbox) \(serial) \(refresh) \(retry) \(expire) \(minimum)"
    }
}
