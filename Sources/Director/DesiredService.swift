import IPVS
import LVSConfig

/// An active `virtual` block as lvsd applies it: the IPVS service, how its real servers are
/// forwarded to, its active real servers, and its sorry server.
public struct DesiredService: Hashable, Sendable {
    /// The `virtual NAME {` block name.
    public var name: String
    /// The service as it is programmed (identity, scheduler, persistence).
    public var service: IPVSService
    /// `network`, for every destination of the service.
    public var forwarding: IPVSForwardingMethod
    /// The active real servers, in file order.
    public var servers: [DesiredRealServer]
    /// `sorry_server`, as the destination put in while no real server is up (weight 1, the
    /// virtual port); nil when not set, or when it is also one of the active real servers.
    public var sorryServer: IPVSDestination?
    /// `quiesce_server`: a server that goes down stays in the table with weight 0.
    public var quiesce: Bool
    /// The block as read from lvs.cf (check settings, for the nannies).
    public var block: VirtualService

    /// What IPVS knows the service by.
    public var identity: IPVSServiceIdentity { service.identity }

    /// The active real server at `identity`.
    public func server(_ identity: IPVSDestinationIdentity) -> DesiredRealServer? {
        servers.first { $0.identity == identity }
    }

    /// The service for an active `virtual` block under the global `network` method; nil when
    /// the block has no address (a config error, never applied).
    public init?(_ block: VirtualService, network: LVSConfig.ForwardingMethod) {
        guard let service = IPVSMapping.service(block) else { return nil }
        self.name = block.name
        self.service = service
        self.forwarding = IPVSMapping.forwarding(network)
        self.quiesce = block.check.quiesceServer
        self.block = block
        var servers: [DesiredRealServer] = []
        var seen: Set<IPVSDestinationIdentity> = []
        for server in block.servers where server.active {
            guard let address = server.address else { continue }
            let identity = IPVSDestinationIdentity(address: address, port: server.port)
            // Duplicates are a config error; keep the first so one destination has one owner.
            guard seen.insert(identity).inserted else { continue }
            servers.append(DesiredRealServer(name: server.name, identity: identity, weight: server.weight))
        }
        self.servers = servers
        if let sorry = block.sorryServer {
            let destination = IPVSDestination(address: sorry, port: block.port, forwarding: forwarding, weight: 1)
            sorryServer = seen.contains(destination.identity) ? nil : destination
        } else {
            sorryServer = nil
        }
    }
}
