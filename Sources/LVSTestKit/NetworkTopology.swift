/// A lab's networks as data: bridges, each in a switch namespace of its own, and hosts, one
/// network namespace each, with their interfaces, routes, sysctls and traffic-control rules.
/// Pure; ``NetworkLab`` builds it.
public struct NetworkTopology: Sendable, Hashable {
    /// One interface of a host: a veth whose other end is a port of `bridge`.
    public struct Interface: Sendable, Hashable {
        /// Its name in the host (`eth0`).
        public var name: String
        /// The bridge it plugs into (`public`, `private`, `servers`).
        public var bridge: String
        /// Its addresses, CIDR.
        public var addresses: [String]

        /// Interface `name` on `bridge` with `addresses`.
        public init(name: String, bridge: String, addresses: [String] = []) {
            self.name = name
            self.bridge = bridge
            self.addresses = addresses
        }
    }

    /// One host.
    public struct Host: Sendable, Hashable {
        /// Its name (`client`, `primary`, `rs1`…), also its namespace's suffix.
        public var name: String
        /// Its interfaces.
        public var interfaces: [Interface]
        /// Addresses on `lo` (CIDR): the VIPs of a direct-routing real server.
        public var loopbackAddresses: [String] = []
        /// `ip route add` arguments, e.g. `default via 10.0.1.254`.
        public var routes: [String] = []
        /// Sysctls: a path under `/proc/sys` and its value.
        public var sysctls: [Sysctl] = []
        /// `tc` batch lines (firewall marks, say).
        public var trafficControl: [String] = []

        /// Host `name` with `interfaces` and nothing else.
        public init(name: String, interfaces: [Interface] = []) {
            self.name = name
            self.interfaces = interfaces
        }
    }

    /// A kernel setting of one host.
    public struct Sysctl: Sendable, Hashable {
        /// The path under `/proc/sys` (`net/ipv4/ip_forward`).
        public var key: String
        /// The value written.
        public var value: String

        /// `key` set to `value`.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The bridges.
    public var bridges: [String]
    /// The hosts.
    public var hosts: [Host]

    /// A topology of `bridges` and `hosts`.
    public init(bridges: [String] = [], hosts: [Host] = []) {
        self.bridges = bridges
        self.hosts = hosts
    }

    /// The host named `name`.
    public func host(_ name: String) -> Host? { hosts.first { $0.name == name } }
}
