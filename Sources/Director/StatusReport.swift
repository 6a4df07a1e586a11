import Control
import DaemonSupport
import HealthCheck
import IPVS

/// lvsd's answer to `status`: every service and real server of lvs.cf with its health, since
/// when, its weight in the table now, the last check and any drain or override.
enum StatusReport {
    /// The status, reading the weights from `table` (the target's when it cannot be read).
    static func make(
        director: Director, table: some IPVSTable, now: ContinuousClock.Instant, configurationLoadedAt: Double
    ) -> LVSDStatus {
        let snapshot = try? IPVSSnapshot.read(from: table, destinationsOf: director.desired.identities)
        // By identity: a status of thousands of services must not search the snapshot for each.
        let entries = Dictionary(
            (snapshot?.entries ?? []).map { ($0.service.identity, $0) }, uniquingKeysWith: { first, _ in first })
        var services: [VirtualServiceStatus] = []
        for service in director.desired.services {
            let entry = entries[service.identity]
            var servers: [RealServerStatus] = []
            for server in service.servers {
                let key = RealServerKey(service: service.identity, server: server.identity)
                guard let record = director.records[key] else { continue }
                let weight: Int
                let destination = (entry?.destinations ?? []).first { $0.identity == server.identity }
                if snapshot != nil {
                    weight = destination.map { Int($0.weight) } ?? 0
                } else {
                    weight = director.targetWeight(of: key) ?? 0
                }
                var status =
                    RealServerStatus(
                        name: server.name, address: server.identity.address.description, port: server.identity.port,
                        health: health(record.health), since: WallClock.epochSeconds(of: record.since, now: now),
                        weight: weight, configuredWeight: server.weight,
                        lastCheck: record.lastCheck.map {
                            var last = RealServerStatus.LastCheck(
                                passed: $0.result.isPassed, detail: $0.result.detail,
                                at: WallClock.epochSeconds(of: $0.at, now: now))
                            last.duration = $0.duration?.secondsValue
                            return last
                        },
                        drainedByHand: record.drained, override: override(record.mode))
                if let destination {
                    status.activeConnections = destination.activeConnections
                    status.inactiveConnections = destination.inactiveConnections
                    status.traffic = destination.statistics.map(traffic)
                }
                servers.append(status)
            }
            var status = VirtualServiceStatus(
                name: service.name, protocolName: protocolName(service.identity),
                scheduler: service.service.scheduler.rawValue,
                sorryServerActive: director.sorryServerActive(service.identity), realServers: servers)
            status.traffic = entry?.service.statistics.map(traffic)
            switch service.identity {
            case .address(_, let address, let port):
                status.address = address.description
                status.port = port
            case .firewallMark(let mark, _):
                status.firewallMark = mark
            }
            services.append(status)
        }
        return LVSDStatus(services: services, configurationLoadedAt: configurationLoadedAt)
    }

    private static func traffic(_ statistics: IPVSStatistics) -> TrafficStatistics {
        TrafficStatistics(
            connections: statistics.connections, incomingPackets: statistics.incomingPackets,
            outgoingPackets: statistics.outgoingPackets, incomingBytes: statistics.incomingBytes,
            outgoingBytes: statistics.outgoingBytes, connectionsPerSecond: statistics.connectionsPerSecond,
            incomingPacketsPerSecond: statistics.incomingPacketsPerSecond,
            outgoingPacketsPerSecond: statistics.outgoingPacketsPerSecond,
            incomingBytesPerSecond: statistics.incomingBytesPerSecond,
            outgoingBytesPerSecond: statistics.outgoingBytesPerSecond)
    }

    private static func health(_ health: RealServerRecord.Health) -> RealServerStatus.Health {
        switch health {
        case .unknown: .unknown
        case .up: .up
        case .down: .down
        }
    }

    private static func override(_ mode: NannyMode) -> RealServerStatus.Override {
        switch mode {
        case .checking: .none
        case .forcedUp: .forcedUp
        case .forcedDown: .forcedDown
        }
    }

    /// `tcp`, `udp`, `sctp` or `fwmark`.
    private static func protocolName(_ identity: IPVSServiceIdentity) -> String {
        switch identity {
        case .address(let transport, _, _): transport.serviceDatabaseName ?? "\(transport.rawValue)"
        case .firewallMark: "fwmark"
        }
    }
}
