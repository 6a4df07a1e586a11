#if canImport(Glibc)
import Glibc
#endif

/// Network namespaces joined by veth pairs and bridges, torn down as one: the lab of the host
/// integration tests, the kernel tests and the end-to-end lab (`LVSLab`).
///
/// Every namespace name starts with ``prefix`` (`lvs<tag><pid>x<n>`), unique to this lab, so labs
/// of parallel tests and of other runs on the machine never collide. A lab is built step by step
/// (``namespace(_:)``, ``bridge(_:)``, ``connect(_:to:interface:addresses:)``) or from a
/// ``NetworkTopology`` at once (``build(_:)``, a handful of `ip -batch` runs). ``tearDown()`` (also
/// run on `deinit`) kills what still runs in its namespaces and deletes them; until then
/// ``LabRegistry`` knows the lab.
///
/// ```swift
/// let lab = try NetworkLab(tag: "hb")
/// let sw = try lab.bridge("br0")
/// let a = try lab.namespace("a")
/// try lab.connect(a, to: sw, addresses: ["10.9.0.1/24"])
/// ```
public final class NetworkLab: @unchecked Sendable {
    /// The prefix of every namespace this lab creates.
    public let prefix: String
    /// What the lab holds: its bridges and hosts with the interfaces plugged into bridges (the
    /// veth pairs of ``connect(_:_:addresses:to:_:addresses:)`` are not in it).
    public internal(set) var topology = NetworkTopology()
    /// The names of the namespaces made and not deleted yet.
    var created: Set<String> = []
    private static let labs = SerialCounter()

    /// Creates an empty lab; `tag` (a few letters) names the test area in namespace names.
    public init(tag: String) throws {
        guard TestEnvironment.isRoot else { throw LabError("building the \(tag) lab: needs root (network namespaces)") }
        prefix = "lvs\(tag)\(getpid())x\(Self.labs.next())"
        LabRegistry.add(prefix: prefix)
    }

    /// Creates a lab holding `topology`.
    public convenience init(tag: String, topology: NetworkTopology) throws {
        try self.init(tag: tag)
        do {
            try build(topology)
        } catch {
            tearDown()
            throw error
        }
    }

    deinit { tearDown() }

    /// The namespace of host (or switch) `name` of this lab: `<prefix>-<name>`.
    public subscript(_ name: String) -> NetworkNamespace {
        NetworkNamespace(name: NetworkTopology.namespace(name, prefix: prefix))
    }

    /// Creates host `role`: a namespace `<prefix>-<role>` with `lo` up.
    public func namespace(_ role: String) throws -> NetworkNamespace {
        try build(NetworkTopology(hosts: [NetworkTopology.Host(name: role)]))
        return self[role]
    }

    /// Creates bridge `name` in a switch namespace of its own; connect hosts to it.
    public func bridge(_ name: String) throws -> LabBridge {
        try build(NetworkTopology(bridges: [name]))
        return LabBridge(name: name, namespace: self[NetworkTopology.switchName(name)])
    }

    /// Adds the bridges and hosts of `addition` (its hosts may plug into bridges built before):
    /// namespaces, veth pairs, bridge ports, addresses, routes, sysctls, traffic control.
    public func build(_ addition: NetworkTopology) throws {
        let names = addition.hosts.map(\.name)
        for host in addition.hosts {
            for interface in host.interfaces { try checkPortName(host: host.name, interface: interface.name) }
        }
        LabRegistry.add(prefix: prefix)
        // Recorded first: a build failing half-way is torn down all the same.
        created.formUnion((addition.bridges.map(NetworkTopology.switchName) + names).map { self[$0].name })
        try batch(
            addition.rootBatch(prefix: prefix, hosts: names, withSwitches: true), in: nil,
            what: "creating namespaces and links")
        topology.bridges += addition.bridges
        topology.hosts += addition.hosts
        let plugged = Set(addition.hosts.flatMap { $0.interfaces.map(\.bridge) })
        for bridge in addition.bridges + plugged.subtracting(addition.bridges).sorted() {
            let lines = addition.switchBatch(bridge, hosts: names, create: addition.bridges.contains(bridge))
            try batch(lines, in: self[NetworkTopology.switchName(bridge)], what: "bridge \(bridge)")
        }
        for host in addition.hosts { try configure(host) }
    }

    /// Kills every process in the lab and deletes every namespace. Idempotent.
    public func tearDown() {
        defer { LabRegistry.remove(prefix: prefix) }
        guard !created.isEmpty else { return }
        for name in created { NetworkNamespace(name: name).killProcesses() }
        Self.delete(namespaces: created.sorted())
        created.removeAll()
        topology = NetworkTopology()
    }

    /// Deletes the namespaces `names` with one `ip -force -batch` run (on past missing ones).
    static func delete(namespaces names: [String]) {
        guard !names.isEmpty else { return }
        let lines = names.map { "netns del \($0)" }.joined(separator: "\n") + "\n"
        _ = try? TestProcess.run(
            "ip", ["-force", "-batch", "-"], standardInput: Array(lines.utf8), timeout: .seconds(60))
    }

    /// Runs `ip -batch` with `lines` in `namespace` (the root namespace when nil).
    func batch(_ lines: [String], in namespace: NetworkNamespace?, what: String) throws {
        guard !lines.isEmpty else { return }
        let arguments = (namespace.map { ["-n", $0.name] } ?? []) + ["-batch", "-"]
        try Self.run("ip", arguments, lines: lines, what: what)
    }

    /// Runs `tool arguments` with `lines` on its standard input; throws unless it exits 0.
    static func run(_ tool: String, _ arguments: [String], lines: [String], what: String) throws {
        let input = Array((lines.joined(separator: "\n") + "\n").utf8)
        let result = try TestProcess.run(tool, arguments, standardInput: input, timeout: .seconds(60))
        guard result.exitCode == 0 else {
            throw LabError(
                "\(what) (\(tool) \(arguments.joined(separator: " "))): \(result.status): \(result.error)\(result.output)"
            )
        }
    }

    /// Throws unless the bridge port of `host`'s `interface` has a name the kernel takes.
    func checkPortName(host: String, interface: String) throws {
        let port = NetworkTopology.portName(host: host, interface: interface)
        guard port.utf8.count <= NetworkTopology.longestInterfaceName else {
            throw LabError(
                "plugging \(interface) of \(host) into a bridge: its port name \(port) is longer than 15 bytes")
        }
    }
}
