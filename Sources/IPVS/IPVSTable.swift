/// The IPVS table of one network namespace: read it, change it.
///
/// ``IPVSClient`` is the kernel's table; ``InMemoryIPVSTable`` is a model of it with the kernel's
/// answers, for tests of code that programs IPVS and for lvsd's `--test-start`.
public protocol IPVSTable {
    /// Version and connection-table size.
    func info() throws(IPVSError) -> IPVSInfo

    /// Every service, in the table's own order (the kernel's hash order).
    func services() throws(IPVSError) -> [IPVSService]

    /// One service; `ESRCH` if it does not exist.
    func service(_ identity: IPVSServiceIdentity) throws(IPVSError) -> IPVSService

    /// The destinations of a service, in the table's own order. A service that does not exist
    /// has none (the kernel's `GET_DEST` dump is empty then, not an error).
    func destinations(of service: IPVSServiceIdentity) throws(IPVSError) -> [IPVSDestination]

    /// The connection timeouts.
    func timeouts() throws(IPVSError) -> IPVSTimeouts

    /// The running sync daemons (master first).
    func syncDaemons() throws(IPVSError) -> [IPVSSyncDaemon]

    /// Applies the operations in order, each on the table the previous ones left, and returns
    /// one result per operation. A failed operation does not stop the ones after it.
    mutating func apply(_ operations: [IPVSOperation]) -> [Result<Void, IPVSError>]
}

extension IPVSTable {
    /// Applies one operation, throwing its error.
    public mutating func perform(_ operation: IPVSOperation) throws(IPVSError) {
        if case .failure(let error) = apply([operation])[0] { throw error }
    }

    /// Every service with its destinations, in the table's own order.
    public func servicesWithDestinations() throws(IPVSError) -> [(
        service: IPVSService, destinations: [IPVSDestination]
    )] {
        var out: [(service: IPVSService, destinations: [IPVSDestination])] = []
        for service in try services() {
            out.append((service, try destinations(of: service.identity)))
        }
        return out
    }
}
