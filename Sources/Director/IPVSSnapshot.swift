import IPVS

/// What the IPVS table holds, read once: services in the table's order with the destinations of
/// those that were read, and the timeouts. lvsd plans against it; it is a value, not a table
/// (``InMemoryIPVSTable`` is the model that answers like the kernel).
public struct IPVSSnapshot: Equatable, Sendable {
    /// One service of the table.
    public struct Entry: Equatable, Sendable {
        /// The service as the table reports it.
        public var service: IPVSService
        /// Its destinations; nil when they were not read (a service lvsd does not own).
        public var destinations: [IPVSDestination]?

        /// Creates an entry.
        public init(service: IPVSService, destinations: [IPVSDestination]?) {
            self.service = service
            self.destinations = destinations
        }
    }

    /// The services, in the table's order.
    public var entries: [Entry]
    /// The connection timeouts.
    public var timeouts: IPVSTimeouts

    /// A snapshot of these entries and timeouts (an empty table with the kernel's defaults).
    public init(entries: [Entry] = [], timeouts: IPVSTimeouts = .kernelDefaults) {
        self.entries = entries
        self.timeouts = timeouts
    }

    /// Reads `table`: every service, the destinations of those in `scope` (all when nil), and
    /// the timeouts.
    public static func read(
        from table: some IPVSTable, destinationsOf scope: Set<IPVSServiceIdentity>? = nil
    ) throws(IPVSError) -> IPVSSnapshot {
        var entries: [Entry] = []
        for service in try table.services() {
            let wanted = scope?.contains(service.identity) ?? true
            entries.append(
                Entry(service: service, destinations: wanted ? try table.destinations(of: service.identity) : nil))
        }
        return IPVSSnapshot(entries: entries, timeouts: try table.timeouts())
    }

    /// The entry of the service with `identity`.
    public func entry(_ identity: IPVSServiceIdentity) -> Entry? {
        entries.first { $0.service.identity == identity }
    }

    /// The services' identities.
    public var identities: Set<IPVSServiceIdentity> { Set(entries.map(\.service.identity)) }

    /// Updates the snapshot for an operation the table carried out, so that it stays what the
    /// table holds without being read again. Nothing is checked (the table did); an operation
    /// that does not fit the snapshot (its entry already there, or gone) leaves it as it is.
    public mutating func record(_ operation: IPVSOperation) {
        switch operation {
        case .addService(let service):
            guard entry(service.identity) == nil else { return }
            var stored = service.configuration
            stored.flags.insert(.hashed)
            entries.append(Entry(service: stored, destinations: []))
        case .editService(let service):
            guard let i = index(of: service.identity) else { return }
            var stored = service.configuration
            stored.flags.insert(.hashed)
            stored.statistics = entries[i].service.statistics
            entries[i].service = stored
        case .deleteService(let identity):
            guard let i = index(of: identity) else { return }
            entries.remove(at: i)
        case .addDestination(let destination, let identity):
            guard let i = index(of: identity) else { return }
            var list = entries[i].destinations ?? []
            guard !list.contains(where: { $0.identity == destination.identity }) else { return }
            // Newest first, as the kernel lists them.
            list.insert(destination.configuration, at: 0)
            entries[i].destinations = list
        case .editDestination(let destination, let identity):
            guard let i = index(of: identity), var list = entries[i].destinations,
                let j = list.firstIndex(where: { $0.identity == destination.identity })
            else { return }
            var updated = destination.configuration
            updated.activeConnections = list[j].activeConnections
            updated.inactiveConnections = list[j].inactiveConnections
            updated.persistentConnections = list[j].persistentConnections
            updated.statistics = list[j].statistics
            list[j] = updated
            entries[i].destinations = list
        case .deleteDestination(let destination, let identity):
            guard let i = index(of: identity), var list = entries[i].destinations,
                let j = list.firstIndex(where: { $0.identity == destination })
            else { return }
            list.remove(at: j)
            entries[i].destinations = list
        case .setTimeouts(let t):
            // 0 leaves a value unchanged.
            if t.tcp != 0 { timeouts.tcp = t.tcp }
            if t.tcpFin != 0 { timeouts.tcpFin = t.tcpFin }
            if t.udp != 0 { timeouts.udp = t.udp }
        case .flush:
            entries.removeAll()
        case .zero, .startDaemon, .stopDaemon:
            break
        }
    }

    private func index(of identity: IPVSServiceIdentity) -> Int? {
        entries.firstIndex { $0.service.identity == identity }
    }
}
