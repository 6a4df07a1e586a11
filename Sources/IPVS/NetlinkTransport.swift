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
