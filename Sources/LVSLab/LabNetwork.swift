#if canImport(Glibc)
import Glibc
#endif
import CLibNL
import LVSTestKit

/// The lab's namespaces, built from a ``LabTopology`` with a handful of `ip -batch` runs (every
/// process start costs 50–165 ms in the emulated guest, so a lab of 40 links is built with about
/// ten), torn down as one.
///
/// Every namespace name starts with ``prefix`` (`lvs<tag><pid>x<n>`), unique to this lab.
public final class LabNetwork: @unchecked Sendable {
    /// The topology.
    public let topology: LabTopology
    /// The prefix of every namespace of this lab.
    public let prefix: String
    private var created: Set<String> = []
    private static let labs = SerialCounter()

    /// Creates every namespace, bridge and link of `topology`.
    public init(topology: LabTopology, tag: String) throws {
        guard geteuid() == 0 else { throw LabError("building the \(tag) lab: needs root (network namespaces)") }
        self.topology = topology
        prefix = "lvs\(tag)\(getpid())x\(Self.labs.next())"
        LabRegistry.add(prefix)
        let names = topology.hosts.map(\.name)
        do {
            try batch(topology.rootBatch(prefix: prefix, hosts: names, withSwitches: true), in: nil, what: "creating namespaces and links")
            created.formUnion(topology.bridges.map { namespace(LabTopology.switchName($0)) })
            created.formUnion(names.map { namespace($0) })
            for bridge in topology.bridges {
                try batch(topology.switchBatch(bridge, hosts: names, create: true), in: LabTopology.switchName(bridge), what: "bridge \(bridge)")
            }
            for host in topology.hosts { try configure(host) }
        } catch {
            tearDown()
            throw error
        }
    }

    deinit { tearDown() }

    /// The namespace name of host (or switch) `name`.
    public func namespace(_ name: String) -> String { LabTopology.namespace(name, prefix: prefix) }

    /// The namespace file of host `name`, for `setns(2)`.
    public func path(_ name: String) -> String { "/run/netns/" + namespace(name) }

    /// Ends host `name` as a power cut would: its links gone and every process in it killed within
    /// a few milliseconds (the links first, from this process, so that its kernel forwards nothing
    /// more while the processes die), then its namespace deleted (the IPVS table and addresses with
    /// it).
    public func destroy(_ name: String) throws {
        let ns = namespace(name)
        guard created.contains(ns) else { return }
        // Deleting one end of a veth deletes both, at once: the peers see the host vanish even
        // if something still pinned the namespace.
        try cutLinks(of: name)
        try killProcesses(in: name)
        try batch(["netns del \(ns)"], in: nil, what: "deleting \(name)")
        created.remove(ns)
    }

    /// Deletes host `name`'s interfaces over rtnetlink from inside its namespace: no process to
    /// start, so the cut is one instant.
    func cutLinks(of name: String) throws {
        let interfaces = topology.host(name)?.interfaces.map(\.name) ?? []
        try NamespaceEntry.run(in: path(name)) {
            guard let socket = nl_socket_alloc() else { throw LabError("unplugging \(name): nl_socket_alloc failed") }
            defer { nl_socket_free(socket) }
            let connected = nl_connect(socket, NETLINK_ROUTE)
            guard connected >= 0 else { throw LabError("unplugging \(name): \(String(cString: nl_geterror(connected)))") }
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

    /// Builds host `name` again after ``destroy(_:)``: a fresh namespace plugged into its bridges.
    public func recreate(_ name: String) throws {
        guard let host = topology.host(name) else { throw LabError("recreating host \(name): not in the lab") }
        try batch(topology.rootBatch(prefix: prefix, hosts: [name], withSwitches: false), in: nil, what: "recreating \(name)")
        created.insert(namespace(name))
        for bridge in Set(host.interfaces.map(\.bridge)) {
            try batch(topology.switchBatch(bridge, hosts: [name], create: false), in: LabTopology.switchName(bridge), what: "bridge \(bridge)")
        }
        try configure(host)
    }

    /// The PIDs of the processes in host `name`'s network namespace.
    public func processes(in name: String) -> [pid_t] { Self.processes(inNamespaceFile: path(name)) }

    /// The PIDs of the processes in the network namespace at `file` (`/run/netns/NAME`), found by
    /// comparing each process's `/proc/PID/ns/net` with the file's inode.
    static func processes(inNamespaceFile file: String) -> [pid_t] {
        var info = stat()
        guard stat(file, &info) == 0 else { return [] }
        let wanted = "net:[\(info.st_ino)]"
        guard let proc = opendir("/proc") else { return [] }
        defer { closedir(proc) }
        var pids: [pid_t] = []
        while let entry = readdir(proc) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name), pid != getpid() else { continue }
            var buffer = [CChar](repeating: 0, count: 64)
            let length = readlink("/proc/\(pid)/ns/net", &buffer, buffer.count - 1)
            guard length > 0 else { continue }
            let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link == wanted { pids.append(pid) }
        }
        return pids
    }

    /// SIGKILLs every process in host `name` (all of them were started by this lab) and waits,
    /// at most 5 s, until none is left.
    public func killProcesses(in name: String) throws {
        if !Self.killProcesses(inNamespaceFile: path(name)) {
            throw LabError("stopping the processes of \(name): PIDs \(processes(in: name)) still alive after 5 s")
        }
    }

    /// SIGKILLs every process in the namespace at `file`, waiting at most 5 s until none is left;
    /// returns whether none is.
    @discardableResult
    static func killProcesses(inNamespaceFile file: String) -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            let pids = processes(inNamespaceFile: file)
            if pids.isEmpty { return true }
            guard ContinuousClock.now < deadline else { return false }
            for pid in pids { kill(pid, SIGKILL) }
            usleep(20_000)
        }
    }

    /// The namespaces under `/run/netns` whose names start with `prefix-`.
    static func namespaces(withPrefix prefix: String) -> [String] {
        guard let directory = opendir("/run/netns") else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(prefix + "-") { names.append(name) }
        }
        return names.sorted()
    }

    /// Deletes the namespaces `names` with one `ip -force -batch` run.
    static func delete(namespaces names: [String]) {
        guard !names.isEmpty else { return }
        let lines = names.map { "netns del \($0)" }.joined(separator: "\n") + "\n"
        _ = try? TestProcess.run("ip", ["-force", "-batch", "-"], standardInput: Array(lines.utf8), timeout: .seconds(60))
    }

    /// Kills every process in the lab and deletes every namespace. Idempotent.
    public func tearDown() {
        defer { LabRegistry.remove(prefix) }
        guard !created.isEmpty else { return }
        for ns in created { Self.killProcesses(inNamespaceFile: "/run/netns/" + ns) }
        Self.delete(namespaces: created.sorted())
        created.removeAll()
    }

    // MARK: - Building

    private func configure(_ host: LabTopology.Host) throws {
        try batch(topology.hostBatch(host), in: host.name, what: "configuring \(host.name)")
        for sysctl in host.sysctls { try write(sysctl, in: host.name) }
        if !host.trafficControl.isEmpty {
            try run("tc", ["-n", namespace(host.name), "-batch", "-"], lines: host.trafficControl, what: "traffic control in \(host.name)")
        }
    }

    /// Writes a sysctl from inside the host's namespace: `/proc/sys/net` is the opening thread's.
    private func write(_ sysctl: LabTopology.Sysctl, in host: String) throws {
        try NamespaceEntry.run(in: path(host)) {
            let file = "/proc/sys/" + sysctl.key
            let fd = open(file, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw LabError("setting \(sysctl.key) in \(host): open \(file): \(LabError.errnoText())") }
            defer { close(fd) }
            let bytes = Array((sysctl.value + "\n").utf8)
            guard Glibc.write(fd, bytes, bytes.count) == bytes.count else {
                throw LabError("setting \(sysctl.key) = \(sysctl.value) in \(host): \(LabError.errnoText())")
            }
        }
    }

    private func batch(_ lines: [String], in host: String?, what: String) throws {
        guard !lines.isEmpty else { return }
        let arguments = (host.map { ["-n", namespace($0)] } ?? []) + ["-batch", "-"]
        try run("ip", arguments, lines: lines, what: what)
    }

    private func run(_ tool: String, _ arguments: [String], lines: [String], what: String) throws {
        let input = Array((lines.joined(separator: "\n") + "\n").utf8)
        let result = try TestProcess.run(tool, arguments, standardInput: input, timeout: .seconds(60))
        guard result.exitCode == 0 else {
            throw LabError("\(what) (\(tool) \(arguments.joined(separator: " "))): \(result.status): \(result.error)\(result.output)")
        }
    }
}
