/// The `ip -batch` lines that build a topology: every process start costs 50–165 ms in the
/// emulated guest, so a lab of 40 links is built with about ten runs of `ip`.
extension NetworkTopology {
    /// The namespace name of `host` (or of a bridge's switch) in a lab with `prefix`.
    static func namespace(_ name: String, prefix: String) -> String { "\(prefix)-\(name)" }

    /// The switch namespace of `bridge`.
    static func switchName(_ bridge: String) -> String { "sw-\(bridge)" }

    /// The bridge device in every switch namespace.
    static let bridgeDevice = "br0"

    /// The bridge-side name of a host's interface: unique within its switch namespace.
    static func portName(host: String, interface: String) -> String { "\(host)-\(interface)" }

    /// The longest interface name the kernel takes (`IFNAMSIZ` less the terminating zero).
    static let longestInterfaceName = 15

    /// `ip -batch` lines, run in the root namespace, that create the namespaces of `hosts` (and of
    /// the switches when `withSwitches`) and their veth pairs, each end straight in its namespace.
    func rootBatch(prefix: String, hosts names: [String], withSwitches: Bool) -> [String] {
        var lines: [String] = []
        if withSwitches {
            lines += bridges.map { "netns add \(Self.namespace(Self.switchName($0), prefix: prefix))" }
        }
        for host in hosts where names.contains(host.name) {
            lines.append("netns add \(Self.namespace(host.name, prefix: prefix))")
            lines += host.interfaces.map { Self.vethLine(host: host.name, interface: $0, prefix: prefix) }
        }
        return lines
    }

    /// The root-namespace `ip -batch` line creating `interface` of `host` and its bridge port.
    static func vethLine(host: String, interface: Interface, prefix: String) -> String {
        "link add \(interface.name) netns \(namespace(host, prefix: prefix)) type veth peer name "
            + "\(portName(host: host, interface: interface.name)) "
            + "netns \(namespace(switchName(interface.bridge), prefix: prefix))"
    }

    /// `ip -batch` lines for a switch namespace: the bridge (when `create`), then the ports of
    /// `hosts` attached and up.
    func switchBatch(_ bridge: String, hosts names: [String], create: Bool) -> [String] {
        var lines: [String] = []
        if create {
            // forward_delay 0: a new port forwards at once instead of listening for 15 s.
            lines += [
                "link set lo up", "link add \(Self.bridgeDevice) type bridge forward_delay 0",
                "link set \(Self.bridgeDevice) up",
            ]
        }
        for host in hosts where names.contains(host.name) {
            for interface in host.interfaces where interface.bridge == bridge {
                lines.append(Self.portLine(host: host.name, interface: interface.name))
            }
        }
        return lines
    }

    /// The switch-namespace `ip -batch` line attaching a host's port to the bridge.
    static func portLine(host: String, interface: String) -> String {
        "link set \(portName(host: host, interface: interface)) master \(bridgeDevice) up"
    }

    /// `ip -batch` lines inside a host: loopback, addresses, links up, routes.
    func hostBatch(_ host: Host) -> [String] {
        var lines = ["link set lo up"]
        lines += host.loopbackAddresses.map { "addr add \($0) dev lo" }
        for interface in host.interfaces {
            lines += Self.interfaceLines(interface.name, addresses: interface.addresses)
        }
        lines += host.routes.map { "route add \($0)" }
        return lines
    }

    /// `ip -batch` lines inside a host giving `interface` its addresses and bringing it up.
    static func interfaceLines(_ interface: String, addresses: [String]) -> [String] {
        addresses.map { "addr add \($0) dev \(interface)" } + ["link set \(interface) up"]
    }
}
