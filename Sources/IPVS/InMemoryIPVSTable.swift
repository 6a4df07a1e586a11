#if canImport(Glibc)
import Glibc
#endif
import Addressing

/// An IPVS table in memory that answers like the kernel (Linux 6.1's `ip_vs_ctl.c`): the same
/// errno for the same mistake, in the same order of checks.
///
/// The one model of the kernel's table: tests of code that programs IPVS run against it without
/// root or a kernel, and lvsd's `--test-start` programs it instead of the kernel. Its behaviour
/// is checked against the real kernel by a kernel test that runs the same operations on both.
/// Differences it does not model: services are listed in insertion order (the kernel uses hash
/// order), counters stay as they were copied (zero for what it added), and recently deleted
/// destinations are not kept in a trash.
public struct InMemoryIPVSTable: IPVSTable, Sendable {
    private struct Entry: Sendable {
        var service: IPVSService
        /// Newest first, as the kernel lists them (it adds at the head of the list).
        var destinations: [IPVSDestination]
    }

    private var order: [IPVSServiceIdentity] = []
    private var entries: [IPVSServiceIdentity: Entry] = [:]
    private var currentTimeouts = IPVSTimeouts.kernelDefaults
    private var daemons: [IPVSSyncDaemonRole: IPVSSyncDaemon] = [:]

    /// Scheduler modules that exist (`ENOENT` for others). `none` is always accepted.
    public var schedulers: Set<IPVSScheduler> = Set(IPVSScheduler.standard)
    /// Persistence-engine modules that exist.
    public var persistenceEngines: Set<String> = ["sip"]
    /// Addresses configured in the namespace besides loopback: an IPv6 link-local destination is
    /// accepted only when it is one of them.
    public var localAddresses: Set<IPAddress> = []
    /// Interfaces that exist, for sync daemons (`ENODEV` otherwise).
    public var interfaces: Set<String> = ["lo"]
    /// The kernel's clock rate (`HZ`): timeouts are stored in jiffies and bounded by INT_MAX / HZ.
    public var hz: UInt32 = 250
    /// What ``info()`` reports.
    public var tableInfo = IPVSInfo(version: 0x01_02_01, connectionTableSize: 4096)

    /// An empty table with the kernel's default timeouts.
    public init() {}

    /// A table holding what `table` holds now: its services in its order, their destinations,
    /// the timeouts, the sync daemons and the info. Entries are copied as they are, counters
    /// included, without the checks an operation gets: `table` accepted them.
    public init(copying table: some IPVSTable) throws(IPVSError) {
        for service in try table.services() {
            order.append(service.identity)
            let destinations = try table.destinations(of: service.identity)
            entries[service.identity] = Entry(service: service, destinations: destinations)
        }
        currentTimeouts = try table.timeouts()
        for daemon in try table.syncDaemons() { daemons[daemon.role] = daemon }
        tableInfo = try table.info()
    }

    /// ``tableInfo``.
    public func info() throws(IPVSError) -> IPVSInfo { tableInfo }

    /// The services in the order they were added.
    public func services() throws(IPVSError) -> [IPVSService] { order.map { entries[$0]!.service } }

    /// One service; `ESRCH` if it does not exist, as `IPVS_CMD_GET_SERVICE` answers.
    public func service(_ identity: IPVSServiceIdentity) throws(IPVSError) -> IPVSService {
        guard let entry = entries[identity] else { throw IPVSError(.getService(identity), .kernel(errno: ESRCH)) }
        return entry.service
    }

    /// The destinations of a service, newest first; none for a service that does not exist.
    public func destinations(of service: IPVSServiceIdentity) throws(IPVSError) -> [IPVSDestination] {
        entries[service]?.destinations ?? []
    }

    /// The connection timeouts (the kernel's defaults until set).
    public func timeouts() throws(IPVSError) -> IPVSTimeouts { currentTimeouts }

    /// The running sync daemons, master first, with the kernel's defaults filled in.
    public func syncDaemons() throws(IPVSError) -> [IPVSSyncDaemon] {
        [daemons[.master], daemons[.backup]].compactMap { $0 }
    }

    /// Applies each operation in order with the kernel's checks; one result each.
    public mutating func apply(_ operations: [IPVSOperation]) -> [Result<Void, IPVSError>] {
        operations.map { operation in
            do throws(IPVSError) {
                try IPVSMessageEncoder.validate(operation)
            } catch {
                return .failure(error)
            }
            let e = perform(operation)
            return e == 0 ? .success(()) : .failure(IPVSError(.change(operation), .kernel(errno: e)))
        }
    }

    /// One operation; returns the errno the kernel would (0 for success).
    private mutating func perform(_ operation: IPVSOperation) -> Int32 {
        switch operation {
        case .flush:
            order.removeAll()
            entries.removeAll()
            return 0
        case .setTimeouts(let t):
            return setTimeouts(t)
        case .zero(nil):
            for id in order { zeroCounters(id) }
            return 0
        case .startDaemon(let daemon):
            return startDaemon(daemon)
        case .stopDaemon(let role):
            guard daemons.removeValue(forKey: role) != nil else { return ESRCH }
            return 0
        case .addService(let service):
            guard entries[service.identity] == nil else { return EEXIST }
            if let e = checkService(service) { return e }
            var stored = service
            stored.flags.insert(.hashed)
            stored.persistenceTimeout = jiffiesRoundTrip(service.persistenceTimeout)
            stored.statistics = IPVSStatistics()
            if stored.persistenceEngine == "" { stored.persistenceEngine = nil }
            order.append(service.identity)
            entries[service.identity] = Entry(service: stored, destinations: [])
            return 0
        case .editService(let service):
            guard var entry = entries[service.identity] else { return ESRCH }
            if let e = checkService(service) { return e }
            entry.service.scheduler = service.scheduler
            entry.service.flags = service.flags.union(.hashed)
            entry.service.persistenceTimeout = jiffiesRoundTrip(service.persistenceTimeout)
            entry.service.netmask = service.netmask
            entry.service.persistenceEngine = service.persistenceEngine == "" ? nil : service.persistenceEngine
            entries[service.identity] = entry
            return 0
        case .deleteService(let id):
            guard entries.removeValue(forKey: id) != nil else { return ESRCH }
            order.removeAll { $0 == id }
            return 0
        case .zero(let id?):
            guard entries[id] != nil else { return ESRCH }
            zeroCounters(id)
            return 0
        case .addDestination(let destination, let id):
            guard var entry = entries[id] else { return ESRCH }
            if let e = checkDestination(destination, of: entry.service) { return e }
            if entry.destinations.contains(where: { $0.identity == destination.identity }) { return EEXIST }
            if let e = checkDestinationAddress(destination.address) { return e }
            entry.destinations.insert(stored(destination), at: 0)
            entries[id] = entry
            return 0
        case .editDestination(let destination, let id):
            guard var entry = entries[id] else { return ESRCH }
            if let e = checkDestination(destination, of: entry.service) { return e }
            guard let i = entry.destinations.firstIndex(where: { $0.identity == destination.identity }) else {
                return ENOENT
            }
            let old = entry.destinations[i]
            var updated = stored(destination)
            updated.activeConnections = old.activeConnections
            updated.inactiveConnections = old.inactiveConnections
            updated.persistentConnections = old.persistentConnections
            updated.statistics = old.statistics
            entry.destinations[i] = updated
            entries[id] = entry
            return 0
        case .deleteDestination(let destination, let id):
            guard var entry = entries[id] else { return ESRCH }
            guard let i = entry.destinations.firstIndex(where: { $0.identity == destination }) else { return ENOENT }
            entry.destinations.remove(at: i)
            entries[id] = entry
            return 0
        }
    }

    /// `ip_vs_add_service` / `ip_vs_edit_service`: scheduler, persistence engine, IPv6 prefix.
    private func checkService(_ service: IPVSService) -> Int32? {
        if service.scheduler != .none, !schedulers.contains(service.scheduler) { return ENOENT }
        if let engine = service.persistenceEngine, !engine.isEmpty, !persistenceEngines.contains(engine) {
            return ENOENT
        }
        if case .ipv6(let length) = service.netmask, !(1...128).contains(length) { return EINVAL }
        return nil
    }

    /// `ip_vs_genl_set_cmd`'s family checks, then `ip_vs_add_dest` / `ip_vs_edit_dest`'s.
    private func checkDestination(_ d: IPVSDestination, of service: IPVSService) -> Int32? {
        if d.address.family != service.identity.family {
            // The sync protocol cannot carry mixed families, and only tunnels can forward them.
            if !daemons.isEmpty || d.forwarding != .tunnel { return EINVAL }
        }
        if d.weight < 0 { return ERANGE }
        if d.lowerThreshold > d.upperThreshold { return ERANGE }
        if d.tunnel.type == .gue, d.tunnel.port == 0 { return EINVAL }
        return nil
    }

    /// `ip_vs_new_dest`: the address must be unicast or local.
    private func checkDestinationAddress(_ address: IPAddress) -> Int32? {
        switch address {
        case .v4(let a):
            // inet_addr_type: 0.0.0.0 and 255.255.255.255 are broadcast, 224/4 multicast (since
            // Linux 5.3 the rest of 0/8 is unicast).
            if a.value == 0 || a.value == 0xFFFF_FFFF || a.isMulticast { return EINVAL }
        case .v6(let a):
            let linkLocal = a.high >> 54 == 0x3FA  // fe80::/10
            if a.isUnspecified || a.isMulticast || (linkLocal && !isLocal(address)) { return EINVAL }
        }
        return nil
    }

    /// `__ip_vs_update_dest`: the destination as given, counters zero. (Linux 6.1 keeps the
    /// forwarding method of a local address as given; it does not report Local.)
    private func stored(_ d: IPVSDestination) -> IPVSDestination {
        var copy = d.configuration
        copy.statistics = IPVSStatistics()
        return copy
    }

    private func isLocal(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let a) where a.value >> 24 == 127: true
        case .v6(let a) where a.high == 0 && a.low == 1: true
        default: localAddresses.contains(address)
        }
    }

    /// `ip_vs_set_timeout`: each value as an int, 0…INT_MAX/HZ; zero leaves it unchanged.
    private mutating func setTimeouts(_ t: IPVSTimeouts) -> Int32 {
        let limit = UInt32(Int32.max) / hz
        for value in [t.tcp, t.tcpFin, t.udp] where value > limit { return EINVAL }
        if t.tcp != 0 { currentTimeouts.tcp = t.tcp }
        if t.tcpFin != 0 { currentTimeouts.tcpFin = t.tcpFin }
        if t.udp != 0 { currentTimeouts.udp = t.udp }
        return 0
    }

    /// `ip_vs_genl_new_daemon` and `start_sync_thread`, with the kernel's defaults filled in.
    private mutating func startDaemon(_ daemon: IPVSSyncDaemon) -> Int32 {
        if let group = daemon.group, !group.isMulticast { return EINVAL }
        let mixed = entries.values.contains { entry in
            entry.destinations.contains { $0.address.family != entry.service.identity.family }
        }
        if mixed { return EINVAL }
        // start_sync_thread looks the interface up before it checks for a running daemon.
        guard interfaces.contains(daemon.interface) else { return ENODEV }
        if daemons[daemon.role] != nil { return EEXIST }
        var stored = daemon
        stored.group = daemon.group ?? .v4(IPv4Address(224, 0, 0, 81))
        stored.port = (daemon.port ?? 0) == 0 ? 8848 : daemon.port
        stored.ttl = (daemon.ttl ?? 0) == 0 ? 1 : daemon.ttl
        let headers: UInt16 = stored.group?.family == .inet6 ? 48 : 28
        let minimum: UInt16 = daemon.role == .backup ? 1024 : 1
        if let length = daemon.maximumLength, length != 0 {
            stored.maximumLength = min(max(length, minimum), 65535 - headers)
        } else {
            stored.maximumLength = 1500 - headers
        }
        daemons[daemon.role] = stored
        return 0
    }

    private mutating func zeroCounters(_ id: IPVSServiceIdentity) {
        guard var entry = entries[id] else { return }
        entry.service.statistics = IPVSStatistics()
        for i in entry.destinations.indices { entry.destinations[i].statistics = IPVSStatistics() }
        entries[id] = entry
    }

    /// The kernel keeps the persistence timeout in jiffies (an unsigned int) and reports it divided back.
    private func jiffiesRoundTrip(_ seconds: UInt32) -> UInt32 { (seconds &* hz) / hz }
}
