import Addressing
import IPVS

extension Director {
    /// The table lvsd wants now: every service of lvs.cf with the destinations health, drains
    /// and adoption call for, the sorry server while no real server is available, and the
    /// configured timeouts.
    public func target() -> TargetTable {
        TargetTable(services: desired.services.map(target), timeouts: desired.timeouts)
    }

    /// One service of ``target()``: its servers' destinations, or the sorry server when none is
    /// available.
    func target(_ service: DesiredService) -> TargetTable.Service {
        var destinations: [IPVSDestination] = []
        var available = false
        for server in service.servers {
            let key = RealServerKey(service: service.identity, server: server.identity)
            guard let record = records[key], let destination = Self.destination(record, server: server, of: service)
            else { continue }
            destinations.append(destination)
            if Self.isAvailable(record, destination) { available = true }
        }
        if !available, let sorry = service.sorryServer { destinations.append(sorry) }
        return TargetTable.Service(service: service.service, destinations: destinations)
    }

    /// For each VIP of the active services, how many real servers are available on it (up, or
    /// adopted and not yet reported, with a weight above 0; a sorry server does not count). A VIP
    /// whose services have none is listed with 0.
    public func realServersAvailable() -> [IPAddress: Int] {
        var counts: [IPAddress: Int] = [:]
        for service in desired.services {
            guard let vip = service.block.vip?.address else { continue }
            var available = 0
            for server in service.servers {
                let key = RealServerKey(service: service.identity, server: server.identity)
                if let record = records[key], let destination = Self.destination(record, server: server, of: service),
                    Self.isAvailable(record, destination)
                {
                    available += 1
                }
            }
            counts[vip, default: 0] += available
        }
        return counts
    }

    /// The table lvsd leaves behind when it stops without `--keep-table`: nothing, so every
    /// owned service is deleted.
    public func shutdownTarget() -> TargetTable {
        TargetTable()
    }

    /// The weight lvsd holds the server of `key` at (0 when drained or quiesced), or nil when it
    /// is not in the target table.
    public func targetWeight(of key: RealServerKey) -> Int? {
        guard let record = records[key], let service = desired.service(key.service),
            let server = service.server(key.server),
            let destination = Self.destination(record, server: server, of: service)
        else { return nil }
        return Int(destination.weight)
    }

    /// Whether the sorry server of the service is in the target table (no real server available).
    public func sorryServerActive(_ identity: IPVSServiceIdentity) -> Bool {
        guard let service = desired.service(identity), let sorry = service.sorryServer else { return false }
        return target(service).destinations.contains(sorry)
    }

    /// The destination for one real server, or nil when it should not be in the table.
    static func destination(_ record: RealServerRecord, server: DesiredRealServer, of service: DesiredService)
        -> IPVSDestination?
    {
        let weight: Int
        switch record.health {
        case .up:
            weight = servingWeight(record, configured: server.weight) ?? 0
        case .unknown:
            guard var adopted = record.adopted else { return nil }
            if record.drained { adopted.weight = 0 }
            return adopted
        case .down:
            guard service.quiesce && record.hasBeenInTable else { return nil }
            weight = 0
        }
        return IPVSDestination(
            address: server.identity.address, port: server.identity.port, forwarding: service.forwarding,
            weight: record.drained ? 0 : Int32(clamping: weight))
    }

    /// Up (or adopted and not reported yet) and taking new connections.
    static func isAvailable(_ record: RealServerRecord, _ destination: IPVSDestination) -> Bool {
        guard destination.weight > 0 else { return false }
        switch record.health {
        case .up: return true
        case .unknown: return record.adopted != nil
        case .down: return false
        }
    }
}
