#if canImport(Glibc)
import Glibc
#endif
import IPVS

/// The table lvsd programs under `--test-start`: a model that starts from what the kernel held
/// (or from nothing on a kernel without IPVS) and answers like the kernel, so lvsd runs as it
/// would while nothing reaches IPVS.
public struct DryRunIPVSTable: IPVSTable, Sendable {
    /// The modelled table.
    public private(set) var snapshot: IPVSSnapshot

    /// A model starting from `snapshot`.
    public init(starting snapshot: IPVSSnapshot = IPVSSnapshot()) {
        self.snapshot = snapshot
    }

    /// What a 6.1 kernel reports (IPVS 1.2.1, 4096 connection-table buckets).
    public func info() throws(IPVSError) -> IPVSInfo { IPVSInfo(version: 0x01_02_01, connectionTableSize: 4096) }

    /// The modelled services, in the order they were added.
    public func services() throws(IPVSError) -> [IPVSService] { snapshot.entries.map(\.service) }

    /// One modelled service; `ESRCH` when there is none, as the kernel answers.
    public func service(_ identity: IPVSServiceIdentity) throws(IPVSError) -> IPVSService {
        guard let entry = snapshot.entry(identity) else { throw IPVSError(.getService(identity), .kernel(errno: ESRCH)) }
        return entry.service
    }

    /// The modelled destinations of a service (none for a service that does not exist).
    public func destinations(of service: IPVSServiceIdentity) throws(IPVSError) -> [IPVSDestination] {
        snapshot.entry(service)?.destinations ?? []
    }

    /// The modelled timeouts (the kernel's defaults until set).
    public func timeouts() throws(IPVSError) -> IPVSTimeouts { snapshot.timeouts }

    /// No sync daemons: lvsd does not run them.
    public func syncDaemons() throws(IPVSError) -> [IPVSSyncDaemon] { [] }

    /// Applies each operation to the model, with the kernel's errno for what it would refuse.
    public mutating func apply(_ operations: [IPVSOperation]) -> [Result<Void, IPVSError>] {
        operations.map { operation in
            let code = snapshot.apply(operation)
            return code == 0 ? .success(()) : .failure(IPVSError(.change(operation), .kernel(errno: code)))
        }
    }
}
