#if canImport(Glibc)
import Glibc
#endif

/// A set of network namespaces joined by veth pairs and bridges, torn down as one.
///
/// Every name carries a prefix unique to this lab (tag, PID and a counter), so labs of parallel
/// tests never collide; `tearDown()` (also run on `deinit`) deletes every namespace it made.
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
    private var namespaces: [NetworkNamespace] = []
    private var linkSerial = 0
    private static let labs = SerialCounter()

    /// Creates an empty lab; `tag` (a few letters) names the test area in namespace names.
    public init(tag: String) throws {
        guard TestEnvironment.isRoot else {
            throw LabError("network lab \(tag): needs root (network namespaces)")
        }
        prefix = "lvs\(tag)\(getpid())x\(NetworkLab.labs.next())"
    }

    deinit { tearDown() }

    /// Creates a namespace named `<prefix>-<role>`.
    public func namespace(_ role: String) throws -> NetworkNamespace {
        let ns = try NetworkNamespace(name: "\(prefix)-\(role)")
        namespaces.append(ns)
        return ns
    }

    /// Creates a bridge `name` inside its own switch namespace; connect namespaces to it.
    public func bridge(_ name: String) throws -> LabBridge {
        let ns = try namespace("sw-\(name)")
        try ns.runChecked(["ip", "link", "add", name, "type", "bridge"])
        // Forward frames at once: a fresh bridge port waits in "listening" otherwise.
        try ns.runChecked(["ip", "link", "set", name, "type", "bridge", "forward_delay", "0"])
        try ns.runChecked(["ip", "link", "set", name, "up"])
        return LabBridge(name: name, namespace: ns)
    }

    /// Connects `node` to `bridge` with a veth pair: `interface` on the node side, with
    /// `addresses` (CIDR) and link up. Returns the node-side interface name.
    @discardableResult
    public func connect(
        _ node: NetworkNamespace, to bridge: LabBridge, interface: String = "eth0", addresses: [String] = []
    ) throws -> String {
        let (inner, outer) = nextLinkNames()
        try NetworkLab.ip(["link", "add", inner, "type", "veth", "peer", "name", outer])
        try NetworkLab.ip(["link", "set", inner, "netns", node.name, "name", interface])
        try NetworkLab.ip(["link", "set", outer, "netns", bridge.namespace.name])
        try bridge.namespace.runChecked(["ip", "link", "set", outer, "master", bridge.name, "up"])
        for address in addresses {
            try node.runChecked(["ip", "addr", "add", address, "dev", interface])
        }
        try node.runChecked(["ip", "link", "set", interface, "up"])
        return interface
    }

    /// Joins two namespaces with a veth pair (`interfaceA` in `a`, `interfaceB` in `b`), links up.
    public func connect(
        _ a: NetworkNamespace, _ interfaceA: String, addresses addressesA: [String] = [],
        to b: NetworkNamespace, _ interfaceB: String, addresses addressesB: [String] = []
    ) throws {
        let (left, right) = nextLinkNames()
        try NetworkLab.ip(["link", "add", left, "type", "veth", "peer", "name", right])
        try NetworkLab.ip(["link", "set", left, "netns", a.name, "name", interfaceA])
        try NetworkLab.ip(["link", "set", right, "netns", b.name, "name", interfaceB])
        for (ns, interface, addresses) in [(a, interfaceA, addressesA), (b, interfaceB, addressesB)] {
            for address in addresses {
                try ns.runChecked(["ip", "addr", "add", address, "dev", interface])
            }
            try ns.runChecked(["ip", "link", "set", interface, "up"])
        }
    }

    /// Deletes every namespace of the lab. Idempotent.
    public func tearDown() {
        for ns in namespaces.reversed() { ns.delete() }
        namespaces.removeAll()
    }

    /// Unique short names for a new veth pair in the root namespace (15 characters at most).
    private func nextLinkNames() -> (String, String) {
        linkSerial += 1
        let base = "lv\(getpid() % 100_000)\(NetworkLab.labs.next())"
        return (base + "a", base + "b")
    }

    static func ip(_ arguments: [String]) throws {
        let result = try TestProcess.run("ip", arguments, timeout: .seconds(20))
        guard result.exitCode == 0 else {
            throw LabError("ip \(arguments.joined(separator: " ")): \(result.error)")
        }
    }
}

/// A bridge living in its own namespace inside a ``NetworkLab``.
public struct LabBridge: Sendable {
    /// The bridge's interface name.
    public let name: String
    /// The switch namespace holding it.
    public let namespace: NetworkNamespace
}
