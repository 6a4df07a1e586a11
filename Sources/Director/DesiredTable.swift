import IPVS
import LVSConfig

/// What lvs.cf asks of IPVS: every active virtual service with its scheduler, persistence,
/// forwarding method, real servers and sorry server, and the IPVS timeouts. Health is not part
/// of it; ``Director`` combines the two into a ``TargetTable``.
public struct DesiredTable: Hashable, Sendable {
    /// The active virtual services, in file order (one per identity).
    public private(set) var services: [DesiredService]
    /// Each service's place in ``services``: lvsd looks a service up on every nanny report and
    /// for every line of its status, so with thousands of services a search would dominate.
    private var positions: [IPVSServiceIdentity: Int]
    /// The connection timeouts to set (0 in a field leaves it); nil to leave all three.
    public var timeouts: IPVSTimeouts?

    /// The desired table of `configuration`. Inactive blocks, blocks without an address and
    /// inactive real servers are left out; of two blocks with one identity (a config error)
    /// the first is kept.
    public init(configuration: LVSConfig) {
        var services: [DesiredService] = []
        var seen: Set<IPVSServiceIdentity> = []
        for block in configuration.virtualServices where block.active {
            guard let service = DesiredService(block, network: configuration.network),
                seen.insert(service.identity).inserted
            else { continue }
            services.append(service)
        }
        self.services = services
        positions = Dictionary(uniqueKeysWithValues: services.enumerated().map { ($0.element.identity, $0.offset) })
        let t = configuration.ipvsTimeouts
        timeouts = IPVSMapping.timeouts(tcp: t.tcp, tcpFin: t.tcpFin, udp: t.udp)
    }

    /// The service with `identity`.
    public func service(_ identity: IPVSServiceIdentity) -> DesiredService? {
        positions[identity].map { services[$0] }
    }

    /// Every service identity.
    public var identities: Set<IPVSServiceIdentity> { Set(services.map(\.identity)) }
}
