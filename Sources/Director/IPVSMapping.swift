import Addressing
import IPVS
import LVSConfig

/// How lvs.cf's values become IPVS's: the same choices Piranha made with ipvsadm's `-t/-u/-f`,
/// `-s`, `-p`, `-M` and `-m/-g/-i` (lvs-cf.md A.5-A.7), expressed as the IPVS library's types.
public enum IPVSMapping {
    /// `protocol = tcp|udp|sctp` plus `address` and `port`, or `fwmark` with the VIP's family.
    public static func serviceIdentity(_ identity: VirtualServiceIdentity) -> IPVSServiceIdentity {
        switch identity {
        case .service(let address, let transport, let port):
            .address(transportProtocol(transport), address, port: port)
        case .firewallMark(let mark, let family):
            .firewallMark(mark, family: family)
        }
    }

    /// `protocol`: TCP, UDP or SCTP.
    public static func transportProtocol(_ transport: VirtualService.TransportProtocol) -> IPVSProtocol {
        switch transport {
        case .tcp: .tcp
        case .udp: .udp
        case .sctp: .sctp
        }
    }

    /// `scheduler`: the kernel's module name (`ip_vs_<name>`).
    public static func scheduler(_ scheduler: VirtualService.Scheduler) -> IPVSScheduler {
        IPVSScheduler(rawValue: scheduler.rawValue)
    }

    /// `scheduler_flags`: IPVS's scheduler flag of the same number.
    public static func schedulerFlag(_ flag: VirtualService.SchedulerFlag) -> IPVSServiceFlags {
        switch flag.number {
        case 1: .scheduler1
        case 2: .scheduler2
        default: .scheduler3
        }
    }

    /// `network`: NAT is masquerading (`-m`), direct is direct routing (`-g`), tunnel is IP-in-IP (`-i`).
    public static func forwarding(_ method: LVSConfig.ForwardingMethod) -> IPVSForwardingMethod {
        switch method {
        case .nat: .masquerade
        case .direct: .directRoute
        case .tunnel: .tunnel
        }
    }

    /// `pmask` for a service of `family`: absent, /32 or /128 all mean one client per template
    /// (the kernel's default netmask).
    public static func netmask(_ mask: AddressMask?, family: AddressFamily) -> IPVSNetmask {
        switch mask {
        case .v4(let netmask)? where family == .inet && netmask.value != 0xFFFF_FFFF:
            .ipv4(netmask.address)
        case .v6(let length)? where family == .inet6 && length != 128:
            .ipv6(prefixLength: UInt32(length))
        default:
            .default(for: family)
        }
    }

    /// The IPVS service for an active virtual block: identity, scheduler, and persistence
    /// (`persistent` > 0 sets the persistent flag, its timeout and `pmask`). nil for a block
    /// without an address (the validator reports it; such a block is never applied).
    public static func service(_ virtual: VirtualService) -> IPVSService? {
        guard let identity = virtual.identity.map(serviceIdentity) else { return nil }
        var service = IPVSService(identity: identity, scheduler: scheduler(virtual.scheduler))
        for flag in virtual.schedulerFlags { service.flags.insert(schedulerFlag(flag)) }
        if let persistence = virtual.persistence, persistence.timeout > 0 {
            service.flags.insert(.persistent)
            service.persistenceTimeout = persistence.timeout
            service.netmask = netmask(persistence.netmask, family: identity.family)
        }
        return service
    }

    /// `tcp_timeout`, `tcpfin_timeout`, `udp_timeout`; nil when all three are 0 (leave the
    /// kernel's values, as Piranha's `ipvsadm --set 0 0 0` did).
    public static func timeouts(tcp: UInt32, tcpFin: UInt32, udp: UInt32) -> IPVSTimeouts? {
        if tcp == 0 && tcpFin == 0 && udp == 0 { return nil }
        return IPVSTimeouts(tcp: tcp, tcpFin: tcpFin, udp: udp)
    }
}
