#if canImport(Glibc)
import Glibc
#endif
import CLibNL

extension NetworkLab {
    /// Ends host `name` as a power cut would: its links gone and every process in it killed within
    /// a few milliseconds (the links first, from this process, so that its kernel forwards nothing
    /// more while the processes die), then its namespace deleted (its IPVS table and addresses
    /// with it). ``recreate(_:)`` builds it again.
    public func destroy(_ name: String) throws {
        let namespace = self[name]
        guard created.contains(namespace.name) else { return }
        // Deleting one end of a veth deletes both, at once: the peers see the host vanish even
        // if something still pinned the namespace.
        try cutLinks(of: name)
        guard namespace.killProcesses() else {
            throw LabError("stopping the processes of \(name): PIDs \(namespace.processes()) still alive after 5 s")
        }
        try batch(["netns del \(namespace.name)"], in: nil, what: "deleting \(name)")
        created.remove(namespace.name)
    }

    /// Builds host `name` again after ``destroy(_:)``: a fresh namespace plugged into its bridges,
    /// configured as ``topology`` says.
    public func recreate(_ name: String) throws {
        guard let host = topology.host(name) else { throw LabError("recreating host \(name): not in the lab") }
        created.insert(self[name].name)
        try batch(
            topology.rootBatch(prefix: prefix, hosts: [name], withSwitches: false), in: nil, what: "recreating \(name)")
        for bridge in Set(host.interfaces.map(\.bridge)).sorted() {
            let lines = topology.switchBatch(bridge, hosts: [name], create: false)
            try batch(lines, in: self[NetworkTopology.switchName(bridge)], what: "bridge \(bridge)")
        }
        try configure(host)
    }

    /// Addresses, links, routes, sysctls and traffic control of a host whose links exist.
    func configure(_ host: NetworkTopology.Host) throws {
        try batch(topology.hostBatch(host), in: self[host.name], what: "configuring \(host.name)")
        for sysctl in host.sysctls { try write(sysctl, in: host.name) }
        if !host.trafficControl.isEmpty {
            try Self.run(
                "tc", ["-n", self[host.name].name, "-batch", "-"], lines: host.trafficControl,
                what: "traffic control in \(host.name)")
        }
    }

    /// Deletes host `name`'s interfaces over rtnetlink from inside its namespace: no process to
    /// start, so the cut is one instant.
    private func cutLinks(of name: String) throws {
        let interfaces = topology.host(name)?.interfaces.map(\.name) ?? []
        try inside(self[name]) {
            guard let socket = nl_socket_alloc() else { throw LabError("unplugging \(name): nl_socket_alloc failed") }
            defer { nl_socket_free(socket) }
            let connected = nl_connect(socket, NETLINK_ROUTE)
            guard connected >= 0 else {
                throw LabError("unplugging \(name): \(String(cString: nl_geterror(connected)))")
            }
            for interface in interfaces {
                guard let link = rtnl_link_alloc() else { throw LabError("unplugging \(name): rtnl_link_alloc failed") }
                defer { rtnl_link_put(link) }
                rtnl_link_set_name(link, interface)
                let deleted = rtnl_link_delete(socket, link)
                guard deleted >= 0 else {
                    throw LabError("unplugging \(interface) of \(name): \(String(cString: nl_geterror(deleted)))")
                }
            }
        }
    }

    /// Writes a sysctl from inside the host's namespace: `/proc/sys/net` is the opening thread's.
    private func write(_ sysctl: NetworkTopology.Sysctl, in host: String) throws {
        try inside(self[host]) {
            let file = "/proc/sys/" + sysctl.key
            let fd = open(file, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw LabError("setting \(sysctl.key) in \(host): open \(file): \(LabError.errnoText())")
            }
            defer { close(fd) }
            let bytes = Array((sysctl.value + "\n").utf8)
            guard Glibc.write(fd, bytes, bytes.count) == bytes.count else {
                throw LabError("setting \(sysctl.key) = \(sysctl.value) in \(host): \(LabError.errnoText())")
            }
        }
    }
}
