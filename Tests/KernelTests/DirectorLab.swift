import Addressing
import Foundation
import Glibc
import IPVS
import LVSTestKit
import Logging

/// A NAT director with real HTTP servers, in namespaces, for lvsd against real IPVS:
///
/// - `dir`: the director. VIP 10.0.0.100 is reached through a dummy `d0` (10.0.0.1/24), so the
///   director's own connections to it are balanced (IPVS schedules locally sent packets);
///   10.0.1.1/24 on `eth0` towards the real servers; forwarding on.
/// - `rs1`, `rs2` (10.0.1.10, 10.0.1.11) and `sorry` (10.0.1.20): `busybox httpd` on port 80,
///   default route via the director, behind a bridge.
final class DirectorLab {
    let lab: NetworkLab
    let director: NetworkNamespace
    private(set) var servers: [String: NetworkNamespace] = [:]
    private var httpd: [String: TestProcess] = [:]
    let scratch: String
    let table: IPVSClient
    private(set) var lvsd: TestProcess?

    static let vip = "10.0.0.100"
    static let addresses = ["rs1": "10.0.1.10", "rs2": "10.0.1.11", "sorry": "10.0.1.20"]
    static let service = IPVSServiceIdentity.address(.tcp, IPAddress("10.0.0.100")!, port: 80)

    init(tag: String) throws {
        lab = try NetworkLab(tag: tag)
        scratch = "/tmp/lvsd-kernel-\(getpid())-\(tag)"
        try FileManager.default.createDirectory(atPath: scratch + "/www", withIntermediateDirectories: true)
        try Data("hello from a real server\n".utf8).write(to: URL(fileURLWithPath: scratch + "/www/index.html"))
        let bridge = try lab.bridge("br0")
        director = try lab.namespace("dir")
        try lab.connect(director, to: bridge, addresses: ["10.0.1.1/24"])
        try director.runChecked(["ip", "link", "add", "d0", "type", "dummy"])
        try director.runChecked(["ip", "addr", "add", "10.0.0.1/24", "dev", "d0"])
        try director.runChecked(["ip", "link", "set", "d0", "up"])
        try director.runChecked(["sysctl", "-qw", "net.ipv4.ip_forward=1"])
        table = try IPVSClient(
            namespacePath: director.path,
            logger: Logger(label: "kernel-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        for (name, address) in Self.addresses.sorted(by: { $0.key < $1.key }) {
            let namespace = try lab.namespace(name)
            try lab.connect(namespace, to: bridge, addresses: ["\(address)/24"])
            try namespace.runChecked(["ip", "route", "add", "default", "via", "10.0.1.1"])
            servers[name] = namespace
            try startServer(name)
        }
    }

    deinit {
        if let lvsd, lvsd.isRunning { lvsd.kill() }
        for process in httpd.values { process.kill() }
        lab.tearDown()
        try? FileManager.default.removeItem(atPath: scratch)
    }

    // MARK: Real servers

    /// Starts `busybox httpd` for `name` and waits (bounded) until it answers from the director.
    func startServer(_ name: String) throws {
        let address = Self.addresses[name]!
        httpd[name] = try servers[name]!.start([
            "/bin/busybox", "httpd", "-f", "-p", "\(address):80", "-h", scratch + "/www",
        ])
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let probe = try director.run(
                ["curl", "-s", "-m", "1", "-o", "/dev/null", "http://\(address)/"], timeout: .seconds(10))
            if probe.exitCode == 0 { return }
            usleep(100_000)
        }
        throw LabError("httpd of \(name) at \(address) does not answer")
    }

    /// Kills `name`'s HTTP server: its port then refuses connections.
    func stopServer(_ name: String) {
        httpd[name]?.kill()
        httpd[name] = nil
    }

    // MARK: lvsd

    /// Writes lvs.cf (see ``config(scheduler:extra:)``) and returns its path.
    @discardableResult
    func writeConfig(_ text: String) throws -> String {
        let path = scratch + "/lvs.cf"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Starts lvsd in the director namespace, in the foreground, logging to its standard error.
    func startLVSD(_ extra: [String] = []) throws {
        lvsd = try director.start(
            [
                TestEnvironment.product("lvsd"), "-n", "-c", scratch + "/lvs.cf", "--runtime-directory",
                scratch + "/run",
                "--nanny", TestEnvironment.product("nanny"), "--log-socket", scratch + "/no-syslog",
            ] + extra)
    }

    /// Stops lvsd with SIGTERM; returns its exit code and its log.
    @discardableResult
    func stopLVSD() throws -> (status: Int32, log: String) {
        guard let process = lvsd else { return (0, "") }
        process.signal(SIGTERM)
        let result = try process.wait(timeout: .seconds(60))
        lvsd = nil
        return (result.exitCode, result.error)
    }

    /// lvsd's log so far.
    var log: String { lvsd?.standardErrorText ?? "" }

    // MARK: The table

    /// The real servers of the service as `address=weight`, sorted; nil when the service is absent.
    func destinations(of service: IPVSServiceIdentity = DirectorLab.service) -> [String]? {
        guard (try? table.service(service)) != nil else { return nil }
        return ((try? table.destinations(of: service)) ?? []).map { "\($0.address)=\($0.weight)" }.sorted()
    }

    /// Polls every 10 ms until `condition` holds, at most `timeout`; returns how long it took.
    @discardableResult
    func wait(
        _ what: String, timeout: Duration, _ condition: () -> Bool
    ) throws -> Duration {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if condition() { return ContinuousClock.now - start }
            if let lvsd, !lvsd.isRunning {
                throw LabError("lvsd exited while waiting for \(what):\n\(lvsd.standardErrorText)")
            }
            usleep(10_000)
        }
        throw LabError("\(what): not within \(timeout); table \(destinations() ?? ["no service"]); lvsd log:\n\(log)")
    }

    /// lvs.cf for the lab: virtual www (10.0.0.100:80, NAT) with rs1 and rs2 (weight 1), checked
    /// every second with Piranha's HTTP probe.
    static func config(
        scheduler: String = "wlc", reentry: Int = 3, extra: String = "", servers: [String] = ["rs1", "rs2"]
    ) -> String {
        var text = """
            primary = 10.0.0.1
            network = nat

            virtual www {
                active = 1
                address = 10.0.0.100 d0
                port = 80
                scheduler = \(scheduler)
                timeout = 1
                reentry = \(reentry)
                \(extra)

            """
        for name in servers {
            text += """
                    server \(name) {
                        address = \(addresses[name]!)
                        active = 1
                        weight = 1
                    }

                """
        }
        return text + "}\n"
    }

    /// Opens `count` TCP connections from the director to the VIP (IPVS counts each).
    func sendTraffic(count: Int) throws {
        let script = """
            import socket
            for i in range(\(count)):
                s = socket.socket()
                s.settimeout(2)
                try:
                    s.connect(("\(Self.vip)", 80))
                    s.sendall(b"GET / HTTP/1.0\\r\\n\\r\\n")
                    s.recv(100)
                except OSError:
                    pass
                s.close()
            """
        try director.runChecked(["/usr/bin/python3", "-c", script], timeout: .seconds(60))
    }
}
