import Addressing

/// A `virtual NAME { … }` block: one IPVS virtual service and its real servers.
///
/// In a config without errors, every *active* virtual service has a `vip` with a usable address,
/// and therefore an `identity`.
public struct VirtualService: Hashable, Sendable, Codable {
    /// The block name (`virtual www {`); unique among the virtual services of a file.
    public var name: String
    /// `active`: the service is set up. Default false.
    public var active = false
    /// `address = VIP DEVICE` and `vip_nmask`; nil when the block has no `address`.
    public var vip: VirtualIP?
    /// `protocol`: tcp, udp or sctp. Default tcp.
    public var transportProtocol: TransportProtocol = .tcp
    /// `port`: the virtual port (default 80), and the default port of the real servers.
    public var port: UInt16 = 80
    /// `fwmark`: a firewall-mark service instead of address + protocol + port; nil when not set.
    public var firewallMark: UInt32?
    /// `scheduler`. Default `wlc`.
    public var scheduler: Scheduler = .wlc
    /// `persistent` and `pmask`; nil when `persistent` is absent or 0.
    public var persistence: Persistence?
    /// `sorry_server`: added with weight 1 while no real server is up; nil when not set.
    public var sorryServer: IPAddress?
    /// `scheduler_flags` (extension): the scheduler's flags, each once, in the order written.
    public var schedulerFlags: [SchedulerFlag] = []
    /// The health-check (nanny) settings that apply to every real server of the service.
    public var check = HealthCheckSettings()
    /// The `server NAME { … }` blocks, in file order.
    public var servers: [RealServer] = []

    /// Creates a virtual service with Piranha's defaults.
    public init(name: String) { self.name = name }

    /// What IPVS knows the service by: address + protocol + port, or the firewall mark and the
    /// VIP's family. nil when the block has no `address`.
    public var identity: VirtualServiceIdentity? {
        guard let vip else { return nil }
        if let firewallMark { return .firewallMark(firewallMark, vip.address.family) }
        return .service(vip.address, transportProtocol, port)
    }

    /// The real server with this block name.
    public func server(named name: String) -> RealServer? {
        servers.first { $0.name == name }
    }
}
