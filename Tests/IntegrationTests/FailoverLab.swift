#if canImport(Glibc)
import Glibc
#endif
import Addressing
import CLVSShims
import Control
import Foundation
import Interfaces
import LVSTestKit

/// Two directors and a client on a public bridge (10.70.0.0/24), the directors also on a private
/// one (10.71.0.0/24); each director can run the built `pulse` (`-n --norun`) on its own
/// lvs.cf, control socket and pidfile. VIP 10.70.0.100/24 on eth0:1.
///
/// Everything lives in namespaces and a temporary directory that ``tearDown()`` (and `deinit`)
/// removes; pulses are stopped by PID.
final class FailoverLab: @unchecked Sendable {
    static let vip = "10.70.0.100"
    static let publicAddress = ["d1": "10.70.0.1", "d2": "10.70.0.2", "cl": "10.70.0.9"]
    static let privateAddress = ["d1": "10.71.0.1", "d2": "10.71.0.2"]

    let lab: NetworkLab
    let namespaces: [String: NetworkNamespace]
    let directory: String
    private var pulses: [String: TestProcess] = [:]
    private var routes: [String: RouteNetlinkSocket] = [:]

    /// The namespaces and links; nothing runs yet.
    init() throws {
        lab = try NetworkLab(tag: "pu")
        let pub = try lab.bridge("brpub")
        let priv = try lab.bridge("brpriv")
        var namespaces: [String: NetworkNamespace] = [:]
        for name in ["d1", "d2", "cl"] {
            let ns = try lab.namespace(name)
            namespaces[name] = ns
            try lab.connect(ns, to: pub, interface: "eth0", addresses: ["\(Self.publicAddress[name]!)/24"])
            if let privateAddress = Self.privateAddress[name] {
                try lab.connect(ns, to: priv, interface: "eth1", addresses: ["\(privateAddress)/24"])
            }
        }
        self.namespaces = namespaces
        directory = NSTemporaryDirectory() + "lvs-pulse-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["d1", "d2"] {
            routes[name] = try inside(namespaces[name]!) { try RouteNetlinkSocket() }
        }
    }

    deinit { tearDown() }

    /// A lab with pulse running on both directors (on ``config(keepalive:deadtime:extra:)`` with
    /// `extra`), d1 active and d2 seeing it so.
    static func settled(extra: [String] = []) throws -> FailoverLab {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", config(extra: extra))
        try lab.startPulse("d1")
        try lab.startPulse("d2")
        try lab.waitUntilServing("d1")
        try lab.waitUntilServing("d2")
        let settled = eventually(within: .seconds(5)) {
            lab.holders == ["d1"] && (try? lab.status("d2").peerState) == .active
        }
        guard settled else { throw LabError("d1 should be active: holders \(lab.holders)") }
        return lab
    }

    /// Stops every pulse (SIGKILL), deletes the namespaces and the directory.
    func tearDown() {
        for process in pulses.values { process.kill() }
        pulses = [:]
        routes = [:]
        lab.tearDown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    subscript(_ name: String) -> NetworkNamespace { namespaces[name]! }

    // MARK: - Configuration

    /// An lvs.cf for both directors: both paths, the VIP on eth0:1, `extra` lines appended to the
    /// globals.
    static func config(keepalive: String = "0.1", deadtime: String = "0.5", extra: [String] = []) -> String {
        """
        serial_no = 1
        primary = 10.70.0.1
        primary_private = 10.71.0.1
        backup = 10.70.0.2
        backup_private = 10.71.0.2
        backup_active = 1
        service = lvs
        heartbeat_port = 5390
        keepalive = \(keepalive)
        deadtime = \(deadtime)
        network = direct
        garp_count = 3
        garp_interval = 0.2
        \(extra.joined(separator: "\n"))

        virtual web {
            active = 1
            address = \(vip) eth0:1
            vip_nmask = 255.255.255.0
            port = 7777
            protocol = udp
            server rs1 {
                address = 10.70.0.50
                active = 1
            }
        }

        """
    }

    /// Writes `text` as `name` in the lab's directory and returns the path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, mode_t(mode))
        return path
    }

    func runtimeDirectory(_ node: String) -> String { directory + "/run-\(node)" }
    func controlSocket(_ node: String) -> String { runtimeDirectory(node) + "/pulse.sock" }

    // MARK: - pulse

    /// Starts pulse in `node` in the foreground without lvsd (or fos), on `configName` (written
    /// before); with `runsDaemons`, with them (the arguments say which binary).
    @discardableResult
    func startPulse(
        _ node: String, config configName: String = "lvs.cf", arguments: [String] = [], runsDaemons: Bool = false
    ) throws -> TestProcess {
        let process = try self[node].start(
            [TestEnvironment.product("pulse"), "-n"] + (runsDaemons ? [] : ["--norun"]) + [
                "-c", directory + "/" + configName, "--runtime-directory", runtimeDirectory(node),
            ] + arguments)
        pulses[node] = process
        return process
    }

    /// Starts pulse in `node` in the foreground with lvsd (`--lvsd PATH`), on lvs.cf.
    func startPulseWithLVSD(_ node: String, lvsd: String, arguments: [String] = []) {
        pulses[node] = try? self[node].start(
            [
                TestEnvironment.product("pulse"), "-n", "-c", directory + "/lvs.cf", "--runtime-directory",
                runtimeDirectory(node), "--lvsd", lvsd, "--lvsd-runtime-directory", lvsdRuntimeDirectory(node),
            ] + arguments)
    }

    /// lvsd's runtime directory (its pidfile) for `node`'s pulse.
    func lvsdRuntimeDirectory(_ node: String) -> String { directory + "/lvsd-\(node)" }

    /// The pulse running in `node`.
    func pulse(_ node: String) -> TestProcess? { pulses[node] }

    /// Sends SIGTERM and waits for the exit; returns the result.
    func stopPulse(_ node: String, timeout: Duration = .seconds(10)) throws -> TestProcessResult? {
        guard let process = pulses.removeValue(forKey: node) else { return nil }
        process.signal(SIGTERM)
        return try process.wait(timeout: timeout)
    }

    /// kill -9, as a crash would; the VIPs it held stay on its interface.
    func killPulse(_ node: String) {
        pulses.removeValue(forKey: node)?.kill()
    }

    /// `status` over `node`'s control socket.
    func status(_ node: String) throws -> PulseStatus {
        let client = ControlClient(path: controlSocket(node), daemon: "pulse", timeout: .seconds(5))
        guard let status = try client.send(PulseRequest.status).result else { throw LabError("no status from \(node)") }
        return status
    }

    /// Sends a control request to `node`'s pulse.
    func request(_ node: String, _ request: PulseRequest) throws -> ControlResponse<PulseStatus> {
        try ControlClient(path: controlSocket(node), daemon: "pulse", timeout: .seconds(5)).send(request)
    }

    /// Waits until `node`'s control socket answers (pulse is up).
    func waitUntilServing(_ node: String, within timeout: Duration = .seconds(10)) throws {
        let ready = eventually(within: timeout) { (try? status(node)) != nil }
        guard ready else {
            throw LabError("pulse in \(node) did not start: \(pulses[node]?.standardErrorText ?? "not running")")
        }
    }

    // MARK: - Observing

    /// Whether `node` has the VIP on eth0 (through a netlink socket in its namespace: cheap enough
    /// to poll every millisecond).
    func holdsVIP(_ node: String) -> Bool {
        guard let addresses = try? routes[node]?.addresses(on: "eth0") else { return false }
        return addresses.contains { $0.address == IPAddress(Self.vip) }
    }

    /// The VIP's entry on eth0 of `node`, as `ip -o addr` prints it.
    func vipLine(_ node: String) throws -> String? {
        try self[node].runChecked(["ip", "-o", "-4", "addr", "show", "dev", "eth0"])
            .split(separator: "\n").first { $0.contains(Self.vip + "/") }.map(String.init)
    }

    /// Which directors hold the VIP.
    var holders: Set<String> { Set(["d1", "d2"].filter { holdsVIP($0) }) }

    /// The MAC address of `node`'s eth0.
    func mac(_ node: String) throws -> String { try self[node].macAddress(of: "eth0") }

    /// The client's neighbour entry for the VIP (`ip -n`: one exec, a few milliseconds).
    func clientNeighbourMAC() throws -> String? {
        let result = try TestProcess.run(
            "ip", ["-n", self["cl"].name, "neigh", "show", Self.vip, "dev", "eth0"], timeout: .seconds(10))
        let fields = result.output.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard let i = fields.firstIndex(of: "lladdr"), i + 1 < fields.count else { return nil }
        return String(fields[i + 1])
    }

    /// Makes the client resolve the VIP (a datagram to it), so that later gratuitous ARPs update
    /// its entry (Linux creates no entry from one, `arp_accept = 0`).
    func clientResolvesVIP() throws { try self["cl"].poke(Self.vip) }

    /// Blocks heartbeats on one path in both directions with blackhole routes in the directors.
    func block(_ path: String) throws {
        let addresses = path == "public" ? Self.publicAddress : Self.privateAddress
        try self["d1"].runChecked(["ip", "route", "add", "blackhole", addresses["d2"]! + "/32"])
        try self["d2"].runChecked(["ip", "route", "add", "blackhole", addresses["d1"]! + "/32"])
    }

    /// Undoes ``block(_:)``.
    func unblock(_ path: String) throws {
        let addresses = path == "public" ? Self.publicAddress : Self.privateAddress
        try self["d1"].runChecked(["ip", "route", "del", "blackhole", addresses["d2"]! + "/32"])
        try self["d2"].runChecked(["ip", "route", "del", "blackhole", addresses["d1"]! + "/32"])
    }

    /// Polls every millisecond until `condition` holds; returns the time it took, or nil.
    func time(within timeout: Duration, _ condition: () throws -> Bool) rethrows -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if try condition() { return ContinuousClock.now - start }
            usleep(1000)
        }
        return nil
    }
}
