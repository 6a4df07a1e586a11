#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Control
import Foundation
import Interfaces
import LVSTestKit

/// Two VRRP routers and a client on one bridge (10.72.0.0/24, or 2001:db8:72::/64): each director
/// runs pulse (`heartbeat_protocol = vrrp`, `-n --norun`) or Debian's keepalived (VRRP only), one
/// virtual router (id 71, VRRPv3, adverts every 0.2 s, to the group or unicast to the other)
/// carrying VIP 10.72.0.100/24 on eth0:1 (2001:db8:72::100).
///
/// Everything lives in namespaces and a temporary directory that ``tearDown()`` (and `deinit`)
/// removes; every process is stopped by PID.
final class VRRPPairLab: @unchecked Sendable {
    static let vip = "10.72.0.100"
    static let address = ["d1": "10.72.0.1", "d2": "10.72.0.2", "cl": "10.72.0.9"]
    static let vip6 = "2001:db8:72::100"
    static let address6 = ["d1": "2001:db8:72::1", "d2": "2001:db8:72::2", "cl": "2001:db8:72::9"]
    static let virtualRouterID = 71
    static let advertInterval = "0.2"

    /// What runs on a director.
    enum Router: CustomStringConvertible {
        case pulse(priority: Int, preempt: Bool = true, preemptDelay: Int = 0)
        case keepalived(priority: Int, preempt: Bool = true, preemptDelay: Int = 0)

        var description: String {
            switch self {
            case .pulse(let priority, _, _): "pulse (priority \(priority))"
            case .keepalived(let priority, _, _): "keepalived (priority \(priority))"
            }
        }
    }

    let lab: NetworkLab
    let namespaces: [String: NetworkNamespace]
    let directory: String
    /// The routers speak VRRP over IPv6.
    let ipv6: Bool
    /// Advertisements go unicast to the other director instead of to the group.
    let unicast: Bool
    /// VRRPv3 (adverts every 0.2 s) or VRRPv2 (every second: v2 carries whole seconds).
    let version: Int
    let bridge: LabBridge
    private var processes: [String: TestProcess] = [:]
    private var routes: [String: RouteNetlinkSocket] = [:]

    init(ipv6: Bool = false, unicast: Bool = false, version: Int = 3) throws {
        self.ipv6 = ipv6
        self.unicast = unicast
        self.version = version
        lab = try NetworkLab(tag: "vr")
        bridge = try lab.bridge("brvr")
        var namespaces: [String: NetworkNamespace] = [:]
        for name in ["d1", "d2", "cl"] {
            let ns = try lab.namespace(name)
            namespaces[name] = ns
            try lab.connect(ns, to: bridge, interface: "eth0", addresses: ["\(Self.address[name]!)/24"])
            if ipv6 {
                _ = try ns.runChecked(["ip", "-6", "addr", "add", "\(Self.address6[name]!)/64", "dev", "eth0", "nodad"])
            }
        }
        self.namespaces = namespaces
        // VRRP over IPv6 is sent from the link-local address, usable once it passed DAD.
        if ipv6 {
            let ready = eventually(within: .seconds(5)) {
                namespaces.values.allSatisfy { ns in
                    let text = (try? ns.runChecked(["ip", "-6", "addr", "show", "dev", "eth0", "scope", "link"])) ?? ""
                    return text.contains("fe80") && !text.contains("tentative")
                }
            }
            guard ready else { throw LabError("the link-local addresses did not pass DAD") }
        }
        directory = NSTemporaryDirectory() + "lvs-vrrp-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["d1", "d2"] {
            routes[name] = try inside(namespaces[name]!) { try RouteNetlinkSocket() }
        }
    }

    deinit { tearDown() }

    func tearDown() {
        for process in processes.values { process.kill() }
        processes = [:]
        routes = [:]
        lab.tearDown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    subscript(_ name: String) -> NetworkNamespace { namespaces[name]! }

    // MARK: - Routers

    /// Starts `router` on `node` (d1 or d2).
    func start(_ node: String, _ router: Router, extra: [String] = []) throws {
        switch router {
        case .pulse(let priority, let preempt, let delay):
            let config = try write(
                "lvs-\(node).cf",
                pulseConfig(priority: priority, preempt: preempt, preemptDelay: delay, extra: extra))
            processes[node] = try self[node].start([
                TestEnvironment.product("pulse"), "-n", "--norun", "-c", config, "--runtime-directory",
                runtimeDirectory(node),
            ])
        case .keepalived(let priority, let preempt, let delay):
            let config = try write(
                "keepalived-\(node).conf",
                keepalivedConfig(node, priority: priority, preempt: preempt, preemptDelay: delay))
            processes[node] = try self[node].start([
                "keepalived", "--dont-fork", "--no-syslog", "--log-console", "--vrrp", "-f", config,
                "-p", directory + "/keepalived-\(node).pid", "-r", directory + "/vrrp-\(node).pid",
                "-c", directory + "/checkers-\(node).pid",
            ])
        }
    }

    /// SIGTERM, and waits for the exit.
    func stop(_ node: String) throws {
        guard let process = processes.removeValue(forKey: node) else { return }
        process.signal(SIGTERM)
        _ = try process.wait(timeout: .seconds(10))
    }

    /// The host dies: its link is cut, then everything on it is killed (the VIP it held stays
    /// on its interface, out of reach).
    func cut(_ node: String) throws {
        _ = try self[node].runChecked(["ip", "link", "set", "eth0", "down"])
        processes.removeValue(forKey: node)?.kill()
    }

    func process(_ node: String) -> TestProcess? { processes[node] }

    /// Takes `node`'s port off the bridge without touching its link (it keeps its carrier): both
    /// routers believe the other gone, as in a partition.
    func isolate(_ node: String) throws {
        _ = try bridge.namespace.runChecked(["ip", "link", "set", "dev", "\(node)-eth0", "nomaster"])
    }

    /// Undoes ``isolate(_:)``.
    func rejoin(_ node: String) throws {
        _ = try bridge.namespace.runChecked(["ip", "link", "set", "dev", "\(node)-eth0", "master", "br0", "up"])
    }

    /// The client's neighbour entry for the VIP (the MAC it sends the VIP's traffic to).
    func clientNeighbourMAC() -> String? {
        let text = (try? self["cl"].runChecked(["ip", "neigh", "show", Self.vip, "dev", "eth0"])) ?? ""
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard let i = fields.firstIndex(of: "lladdr"), i + 1 < fields.count else { return nil }
        return String(fields[i + 1])
    }

    func runtimeDirectory(_ node: String) -> String { directory + "/run-\(node)" }

    /// pulse's `status` in `node`.
    func status(_ node: String) throws -> PulseStatus {
        let client = ControlClient(path: runtimeDirectory(node) + "/pulse.sock", daemon: "pulse", timeout: .seconds(5))
        guard let status = try client.send(PulseRequest.status).result else { throw LabError("no status from \(node)") }
        return status
    }

    /// A control request to `node`'s pulse.
    func request(_ node: String, _ request: PulseRequest) throws -> ControlResponse<PulseStatus> {
        try ControlClient(path: runtimeDirectory(node) + "/pulse.sock", daemon: "pulse", timeout: .seconds(5)).send(
            request)
    }

    // MARK: - Observing

    /// Whether `node` has the VIP on eth0 (netlink in its namespace: cheap enough every millisecond).
    func holdsVIP(_ node: String) -> Bool {
        guard let addresses = try? routes[node]?.addresses(on: "eth0") else { return false }
        return addresses.contains { $0.address == IPAddress(ipv6 ? Self.vip6 : Self.vip) }
    }

    var holders: Set<String> { Set(["d1", "d2"].filter { holdsVIP($0) }) }

    /// Samples the holders every 10 ms for `length`: how many samples had both, and the last set.
    func sampleHolders(for length: Duration) -> (both: Int, samples: Int, last: Set<String>) {
        var both = 0
        var samples = 0
        var last: Set<String> = []
        let end = ContinuousClock.now + length
        while ContinuousClock.now < end {
            last = holders
            if last.count == 2 { both += 1 }
            samples += 1
            usleep(10_000)
        }
        return (both, samples, last)
    }

    /// Waits until exactly `node` holds the VIP.
    func waitUntilHolding(_ node: String, within timeout: Duration = .seconds(10)) -> Bool {
        eventually(within: timeout) { holders == [node] }
    }

    // MARK: - Files

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// pulse's lvs.cf (both roles at `priority`, so whichever director runs it has that priority).
    func pulseConfig(priority: Int, preempt: Bool, preemptDelay: Int, extra: [String] = []) -> String {
        let addresses = ipv6 ? Self.address6 : Self.address
        let vip = ipv6 ? Self.vip6 : Self.vip
        let peers = unicast ? ["vrrp_unicast_peers = \(addresses["d1"]!) \(addresses["d2"]!)"] : []
        return """
            serial_no = 1
            primary = \(addresses["d1"]!)
            backup = \(addresses["d2"]!)
            backup_active = 1
            service = lvs
            heartbeat_protocol = vrrp
            vrrp_id = \(Self.virtualRouterID)
            vrrp_version = \(version)
            vrrp_advert_interval = \(version == 2 ? 100 : 20)
            vrrp_primary_priority = \(priority)
            vrrp_backup_priority = \(priority)
            vrrp_preempt = \(preempt ? 1 : 0)
            vrrp_preempt_delay = \(preemptDelay)
            network = direct
            garp_count = 3
            garp_interval = 0.2
            \((peers + extra).joined(separator: "\n"))

            virtual web {
                active = 1
                address = \(vip) \(ipv6 ? "eth0" : "eth0:1")
                \(ipv6 ? "" : "vip_nmask = 255.255.255.0")
                port = 7777
                protocol = udp
                server rs1 {
                    address = \(ipv6 ? "2001:db8:72::50" : "10.72.0.50")
                    active = 1
                }
            }

            """
    }

    /// keepalived's equivalent: the same virtual router, state BACKUP (keepalived's advice for
    /// nopreempt, and how pulse starts).
    func keepalivedConfig(_ node: String, priority: Int, preempt: Bool, preemptDelay: Int) -> String {
        let addresses = ipv6 ? Self.address6 : Self.address
        let other = node == "d1" ? "d2" : "d1"
        let unicastLines =
            unicast ? "unicast_src_ip \(addresses[node]!)\n    unicast_peer {\n        \(addresses[other]!)\n    }" : ""
        let vipLine = ipv6 ? "\(Self.vip6)/64 dev eth0" : "\(Self.vip)/24 dev eth0 label eth0:1"
        return """
            global_defs {
                router_id vrlab-\(node)
            }
            vrrp_instance vrlab {
                state BACKUP
                interface eth0
                virtual_router_id \(Self.virtualRouterID)
                priority \(priority)
                version \(version)
                advert_int \(version == 2 ? "1" : Self.advertInterval)
                garp_master_delay 1
                \(preempt ? "" : "nopreempt")
                \(preemptDelay > 0 ? "preempt_delay \(preemptDelay)" : "")
                \(unicastLines)
                virtual_ipaddress {
                    \(vipLine)
                }
            }

            """
    }
}
