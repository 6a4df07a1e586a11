/// The lab's networks, derived from a ``LabPlan``: bridges, and hosts (one network namespace each)
/// with their interfaces, routes, sysctls and traffic-control rules. Pure; ``LabNetwork`` builds it.
public struct LabTopology: Sendable, Hashable {
    /// One interface of a host: a veth whose other end is a port of `bridge`.
    public struct Interface: Sendable, Hashable {
        /// Its name in the host (`eth0`).
        public var name: String
        /// The bridge it plugs into (`public`, `private`, `servers`).
        public var bridge: String
        /// Its addresses, CIDR.
        public var addresses: [String]
    }

    /// One host.
    public struct Host: Sendable, Hashable {
        /// Its name (`client`, `primary`, `backup`, `rs1`…), also its namespace's suffix.
        public var name: String
        /// Its interfaces.
        public var interfaces: [Interface]
        /// Addresses on `lo` (CIDR): the VIPs of a direct-routing real server.
        public var loopbackAddresses: [String] = []
        /// `ip route add` arguments, e.g. `default via 10.0.1.254`.
        public var routes: [String] = []
        /// Sysctls: a path under `/proc/sys` and its value.
        public var sysctls: [Sysctl] = []
        /// `tc` batch lines (firewall marks for firewall-mark services).
        public var trafficControl: [String] = []
    }

    /// A kernel setting of one host.
    public struct Sysctl: Sendable, Hashable {
        /// The path under `/proc/sys` (`net/ipv4/ip_forward`).
        public var key: String
        /// The value written.
        public var value: String
    }

    /// The bridges, each in a switch namespace of its own.
    public var bridges: [String]
    /// The hosts, client first, then the directors, then the real servers.
    public var hosts: [Host]

    /// The topology of `plan`.
    public init(plan: LabPlan) {
        let nat = plan.forwarding == .nat
        bridges = ["public"] + (plan.hasBackup ? ["private"] : []) + (nat ? ["servers"] : [])
        hosts = [Host(name: "client", interfaces: [Interface(name: "eth0", bridge: "public", addresses: ["\(LabPlan.clientAddress)/24"])])]
        for role in plan.directors {
            var interfaces = [Interface(name: "eth0", bridge: "public", addresses: ["\(role.publicAddress)/24"])]
            if plan.hasBackup {
                interfaces.append(Interface(name: "eth1", bridge: "private", addresses: ["\(role.privateAddress)/24"]))
            }
            if nat {
                interfaces.append(Interface(name: "eth2", bridge: "servers", addresses: ["\(role.serverSideAddress)/24"]))
            }
            var director = Host(name: role.rawValue, interfaces: interfaces)
            director.sysctls = [Sysctl(key: "net/ipv4/ip_forward", value: "1")]
            director.trafficControl = Self.firewallMarking(plan.services)
            hosts.append(director)
        }
        for server in plan.realServers {
            var host = Host(
                name: server,
                interfaces: [Interface(name: "eth0", bridge: nat ? "servers" : "public", addresses: ["\(plan.address(of: server))/24"])])
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
    }

    /// The host named `name`.
    public func host(_ name: String) -> Host? { hosts.first { $0.name == name } }

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

    // MARK: - ip batches

    /// The namespace name of `host` (or of a bridge's switch) in a lab with `prefix`.
    static func namespace(_ name: String, prefix: String) -> String { "\(prefix)-\(name)" }

    /// The switch namespace of `bridge`.
    static func switchName(_ bridge: String) -> String { "sw-\(bridge)" }

    /// The bridge-side name of a host's interface: unique within its switch namespace.
    static func portName(host: String, interface: String) -> String { "\(host)-\(interface)" }

    /// `ip -batch` lines, run in the root namespace, that create the namespaces of `hosts` (and of
    /// the switches when `withSwitches`) and their veth pairs, each end straight in its namespace.
    func rootBatch(prefix: String, hosts names: [String], withSwitches: Bool) -> [String] {
        var lines: [String] = []
        if withSwitches {
            lines += bridges.map { "netns add \(Self.namespace(Self.switchName($0), prefix: prefix))" }
        }
        for host in hosts where names.contains(host.name) {
            lines.append("netns add \(Self.namespace(host.name, prefix: prefix))")
            for interface in host.interfaces {
                lines.append(
                    "link add \(interface.name) netns \(Self.namespace(host.name, prefix: prefix)) type veth peer name "
                        + "\(Self.portName(host: host.name, interface: interface.name)) "
                        + "netns \(Self.namespace(Self.switchName(interface.bridge), prefix: prefix))")
            }
        }
        return lines
    }

    /// `ip -batch` lines for a switch namespace: the bridge (when `create`), then the ports of
    /// `hosts` attached and up.
    func switchBatch(_ bridge: String, hosts names: [String], create: Bool) -> [String] {
        var lines: [String] = []
        if create {
            // forward_delay 0: a new port forwards at once instead of listening for 15 s.
            lines += ["link set lo up", "link add br0 type bridge forward_delay 0", "link set br0 up"]
        }
        for host in hosts where names.contains(host.name) {
            for interface in host.interfaces where interface.bridge == bridge {
                lines.append("link set \(Self.portName(host: host.name, interface: interface.name)) master br0 up")
            }
        }
        return lines
    }

    /// `ip -batch` lines inside a host: loopback, addresses, links up, routes.
    func hostBatch(_ host: Host) -> [String] {
        var lines = ["link set lo up"]
        lines += host.loopbackAddresses.map { "addr add \($0) dev lo" }
        for interface in host.interfaces {
            lines += interface.addresses.map { "addr add \($0) dev \(interface.name)" }
            lines.append("link set \(interface.name) up")
        }
        lines += host.routes.map { "route add \($0)" }
        return lines
    }
}
