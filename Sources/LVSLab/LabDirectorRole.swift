/// One of the lab's two directors, with its fixed addresses.
public enum LabDirectorRole: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The director named `primary` in lvs.cf.
    case primary
    /// The director named `backup` in lvs.cf.
    case backup

    /// Its address on the public network (heartbeats, VIPs; the client is there too).
    public var publicAddress: String { self == .primary ? "10.0.0.1" : "10.0.0.2" }
    /// Its address on the private heartbeat network.
    public var privateAddress: String { self == .primary ? "10.0.9.1" : "10.0.9.2" }
    /// Its own address on the real servers' network (NAT), beside the floating `nat_router`.
    public var serverSideAddress: String { self == .primary ? "10.0.1.1" : "10.0.1.2" }
    /// The other director.
    public var peer: LabDirectorRole { self == .primary ? .backup : .primary }

    /// `primary` or `backup`.
    public var description: String { rawValue }
}
