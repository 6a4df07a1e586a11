import LVSTestKit

/// The lab's networks, derived from a ``LabPlan``.
extension NetworkTopology {
    /// The lab's networks for `plan`: bridges `public`, `private` (with a backup director) and
    /// `servers` (NAT); the client, the directors, then the real servers.
    public init(plan: LabPlan) {
        let nat = plan.forwarding == .nat
        let bridges = ["public"] + (plan.hasBackup ? ["private"] : []) + (nat ? ["servers"] : [])
        var hosts = [
            Host(
                name: "client",
                interfaces: [Interface(name: "eth0", bridge: "public", addresses: ["\(LabPlan.clientAddress)/24"])])
        ]
        for role in plan.directors {
            var interfaces = [Interface(name: "eth0", bridge: "public", addresses: ["\(role.publicAddress)/24"])]
            if plan.hasBackup {
                interfaces.append(Interface(name: "eth1", bridge: "private", addresses: ["\(role.privateAddress)/24"]))
            }
            if nat {
                interfaces.append(
                    Interface(name: "eth2", bridge: "servers", addresses: ["\(role.serverSideAddress)/24"]))
            }
            var director = Host(name: role.rawValue, interfaces: interfaces)
            director.sysctls = [Sysctl(key: "net/ipv4/ip_forward", value: "1")]
            director.trafficControl = Self.firewallMarking(plan.services)
            hosts.append(director)
        }
        for server in plan.realServers {
            var host = Host(
                name: server,
                interfaces: [
                    Interface(
                        name: "eth0", bridge: nat ? "servers" : "public", addresses: ["\(plan.address(of: server))/24"])
                ])
            if nat {
                host.routes = ["default via \(LabPlan.natRouter)"]
            } else {
                // Direct routing: the real server accepts packets for the VIPs but never answers
                // ARP for them (arp_ignore 1) nor uses them as ARP source (arp_announce 2).
                host.loopbackAddresses = Array(Set(plan.services.map { "\($0.vip)/32" })).sorted()
                host.sysctls = ["all", "eth0"].flatMap { device in
                    [
                        Sysctl(key: "net/ipv4/conf/\(device)/arp_ignore", value: "1"),
                        Sysctl(key: "net/ipv4/conf/\(device)/arp_announce", value: "2"),
                    ]
                }
            }
            hosts.append(host)
        }
        self.init(bridges: bridges, hosts: hosts)
    }

    /// tc lines marking the packets of each firewall-mark service as they enter eth0, as an admin's
    /// firewall would (`iptables -t mangle … -j MARK`; tc needs no extra package).
    static func firewallMarking(_ services: [LabService]) -> [String] {
        let marked = services.filter { $0.firewallMark != nil }
        guard !marked.isEmpty else { return [] }
        return ["qdisc add dev eth0 ingress"]
            + marked.map {
                "filter add dev eth0 parent ffff: protocol ip flower dst_ip \($0.vip) ip_proto tcp dst_port \($0.port) "
                    + "action skbedit mark \($0.firewallMark!)"
            }
    }
}
