/// A datagram channel to the kernel's generic netlink, already bound to the `IPVS` family.
///
/// ``GenericNetlinkSocket`` is the real one; tests replay recorded kernel replies through their own.
public protocol NetlinkTransport: AnyObject {
    /// The resolved id of the `IPVS` family.
    var familyID: UInt16 { get }

    /// Sends one datagram, which may hold several netlink messages (the kernel handles them in order).
    func send(_ datagram: [UInt8]) throws(NetlinkTransportError)

    /// Receives at least one and at most `maximumCount` datagrams, waiting for the first.
    func receive(maximumCount: Int) throws(NetlinkTransportError) -> [[UInt8]]
}

/// A failure of the channel itself (not an error the kernel reported).
public enum NetlinkTransportError: Error, Hashable, Sendable {
    /// A system call failed with this errno.
    case system(call: String, errno: Int32)
    /// Nothing arrived within the receive timeout.
    case timedOut(seconds: Int)
    /// A datagram was larger than the receive buffer.
    case truncated(length: Int)
}
