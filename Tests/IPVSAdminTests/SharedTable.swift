import IPVS

/// An in-memory table the test keeps a handle on while lvsadm changes it.
final class SharedTable: IPVSTable, @unchecked Sendable {
    var table = InMemoryIPVSTable()
    func info() throws(IPVSError) -> IPVSInfo { try table.info() }
    func services() throws(IPVSError) -> [IPVSService] { try table.services() }
    func service(_ identity: IPVSServiceIdentity) throws(IPVSError) -> IPVSService { try table.service(identity) }
    func destinations(of service: IPVSServiceIdentity) throws(IPVSError) -> [IPVSDestination] {
        try table.destinations(of: service)
    }
    func timeouts() throws(IPVSError) -> IPVSTimeouts { try table.timeouts() }
    func syncDaemons() throws(IPVSError) -> [IPVSSyncDaemon] { try table.syncDaemons() }
    func apply(_ operations: [IPVSOperation]) -> [Result<Void, IPVSError>] { table.apply(operations) }
}
