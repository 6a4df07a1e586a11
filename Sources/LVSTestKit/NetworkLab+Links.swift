extension NetworkLab {
    /// Connects `node` to `bridge` with a veth pair: `interface` on the node side, with
    /// `addresses` (CIDR) and link up. Returns the node-side interface name.
    @discardableResult
    public func connect(
        _ node: NetworkNamespace, to bridge: LabBridge, interface: String = "eth0", addresses: [String] = []
    ) throws -> String {
        let host = try role(of: node)
        try checkPortName(host: host, interface: interface)
        let plugged = NetworkTopology.Interface(name: interface, bridge: bridge.name, addresses: addresses)
        try batch(
            [NetworkTopology.vethLine(host: host, interface: plugged, prefix: prefix)], in: nil,
            what: "plugging \(host) into \(bridge.name)")
        if let index = topology.hosts.firstIndex(where: { $0.name == host }) {
            topology.hosts[index].interfaces.append(plugged)
        }
        try batch(
            [NetworkTopology.portLine(host: host, interface: interface)], in: bridge.namespace,
            what: "bridge \(bridge.name)")
        try batch(
            NetworkTopology.interfaceLines(interface, addresses: addresses), in: node,
            what: "configuring \(interface) of \(host)")
        return interface
    }

    /// Joins two namespaces with a veth pair (`interfaceA` in `a`, `interfaceB` in `b`), links up.
    public func connect(
        _ a: NetworkNamespace, _ interfaceA: String, addresses addressesA: [String] = [],
        to b: NetworkNamespace, _ interfaceB: String, addresses addressesB: [String] = []
    ) throws {
        try batch(
            ["link add \(interfaceA) netns \(a.name) type veth peer name \(interfaceB) netns \(b.name)"], in: nil,
            what: "joining \(a.name) and \(b.name)")
        try batch(
            NetworkTopology.interfaceLines(interfaceA, addresses: addressesA), in: a,
            what: "configuring \(interfaceA) of \(a.name)")
        try batch(
            NetworkTopology.interfaceLines(interfaceB, addresses: addressesB), in: b,
            what: "configuring \(interfaceB) of \(b.name)")
    }

    /// The host name of `node` in this lab (its namespace name without `<prefix>-`).
    private func role(of node: NetworkNamespace) throws -> String {
        guard node.name.hasPrefix(prefix + "-") else {
            throw LabError("\(node.name) is not a namespace of the lab \(prefix)")
        }
        return String(node.name.dropFirst(prefix.count + 1))
    }
}
