#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LVSLab
import LVSTestKit

/// Active-active directors in the guest: a router running BIRD with ECMP over three directors
/// (pulse, lvsd, BIRD each, `cluster_mode = bgp`, one lvs.cf), three direct-routing real servers
/// (HTTP naming themselves, and an echo service) and a client behind the router.
///
/// ```text
///  client 172.16.0.2 ── 172.16.0.1 router 10.0.0.1 ── lan ── dir1..3 10.0.0.11-13 (VIP on lo)
///                                                        └── rs1..3 10.0.0.21-23 (VIP on lo)
/// ```
final class ClusterLab {
    static let vip = "198.51.100.10"
    /// BFD's interval in the lab: the emulated guest can stall a process for 100 ms or more, and
    /// 100 ms intervals then drop healthy sessions.
    static let bfdInterval = 250
    static let directors = ["dir1": "10.0.0.11", "dir2": "10.0.0.12", "dir3": "10.0.0.13"]
    static let directorNames = ["dir1", "dir2", "dir3"]
    static let servers = ["rs1": "10.0.0.21", "rs2": "10.0.0.22", "rs3": "10.0.0.23"]
    static let serverNames = ["rs1", "rs2", "rs3"]

    static let config = """
        service = lvs
        network = direct
        cluster_mode = bgp
        cluster_directors = 10.0.0.11 10.0.0.12 10.0.0.13
        bgp_local_as = 65010
        bgp_neighbors = 10.0.0.1 65000
        bgp_bfd = 1
        bgp_bfd_interval = \(bfdInterval)
        \(virtual("web", port: 80))
        \(virtual("echo", port: 7))

        """

    /// A virtual block on the VIP: mh hashing the client's port too, the three real servers.
    private static func virtual(_ name: String, port: Int) -> String {
        let settings = [
            "active = 1", "address = \(vip) lo", "port = \(port)", "scheduler = mh", "scheduler_flags = mh-port",
            "quiesce_server = 1", "timeout = 1", "reentry = 2",
        ]
        let servers = serverNames.map { server in
            "    server \(server) {\n        address = \(Self.servers[server]!)\n        port = \(port)\n        active = 1\n    }"
        }
        return (["virtual \(name) {"] + settings.map { "    " + $0 } + servers + ["}"]).joined(separator: "\n")
    }

    static let routerBird = """
        log stderr all;
        router id 10.0.0.1;
        protocol device {}
        protocol kernel { ipv4 { import none; export all; }; merge paths on; }
        protocol bfd {
            interface "*" { min rx interval \(bfdInterval) ms; min tx interval \(bfdInterval) ms; multiplier 3; };
        }
        template bgp directors {
            local 10.0.0.1 as 65000; hold time 9; connect retry time 1; error wait time 1, 10; bfd on;
            ipv4 { import all; export none; };
        }
        protocol bgp dir1 from directors { neighbor 10.0.0.11 as 65010; }
        protocol bgp dir2 from directors { neighbor 10.0.0.12 as 65010; }
        protocol bgp dir3 from directors { neighbor 10.0.0.13 as 65010; }

        """

    let network: NetworkLab
    let directory: String
    let client: LabClient
    private var pulses: [String: TestProcess] = [:]
    private var httpd: [TestProcess] = []

    init() throws {
        let hidden = [
            NetworkTopology.Sysctl(key: "net/ipv4/conf/all/arp_ignore", value: "1"),
            NetworkTopology.Sysctl(key: "net/ipv4/conf/all/arp_announce", value: "2"),
            NetworkTopology.Sysctl(key: "net/ipv4/conf/all/rp_filter", value: "0"),
        ]
        var hosts: [NetworkTopology.Host] = []
        var router = NetworkTopology.Host(
            name: "rtr",
            interfaces: [NetworkTopology.Interface(name: "eth1", bridge: "lan", addresses: ["10.0.0.1/24"])])
        router.sysctls = [
            NetworkTopology.Sysctl(key: "net/ipv4/ip_forward", value: "1"),
            // ECMP by the flow's addresses and ports, as routers in front of LVS hash.
            NetworkTopology.Sysctl(key: "net/ipv4/fib_multipath_hash_policy", value: "1"),
            NetworkTopology.Sysctl(key: "net/ipv4/conf/all/rp_filter", value: "0"),
        ]
        hosts.append(router)
        for name in Self.directorNames {
            var host = NetworkTopology.Host(
                name: name,
                interfaces: [
                    NetworkTopology.Interface(name: "eth0", bridge: "lan", addresses: ["\(Self.directors[name]!)/24"])
                ])
            host.sysctls = hidden
            hosts.append(host)
        }
        for name in Self.serverNames {
            var host = NetworkTopology.Host(
                name: name,
                interfaces: [
                    NetworkTopology.Interface(name: "eth0", bridge: "lan", addresses: ["\(Self.servers[name]!)/24"])
                ])
            host.loopbackAddresses = ["\(Self.vip)/32"]
            host.routes = ["default via 10.0.0.1"]
            host.sysctls = hidden
            hosts.append(host)
        }
        network = try NetworkLab(tag: "aa", topology: NetworkTopology(bridges: ["lan"], hosts: hosts))
        directory = NSTemporaryDirectory() + network.prefix
        do {
            let clientNamespace = try network.namespace("client")
            try network.connect(
                clientNamespace, "eth0", addresses: ["172.16.0.2/24"], to: network["rtr"], "eth0",
                addresses: ["172.16.0.1/24"])
            try clientNamespace.runChecked(["ip", "route", "add", "default", "via", "172.16.0.1"])
            client = LabClient(host: "client", namespace: clientNamespace)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(Self.config.utf8).write(to: URL(fileURLWithPath: directory + "/lvs.cf"))
            try Data(Self.routerBird.utf8).write(to: URL(fileURLWithPath: directory + "/router.conf"))
        } catch {
            network.tearDown()
            throw error
        }
    }

    func tearDown() {
        for process in pulses.values { process.kill() }
        for process in httpd { process.kill() }
        network.tearDown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Starting

    /// Each real server: busybox httpd answering its own name, socat echoing on port 7.
    func startRealServers() throws {
        for name in Self.serverNames {
            let root = directory + "/www-\(name)"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try Data(name.utf8).write(to: URL(fileURLWithPath: root + "/index.html"))
            httpd.append(try network[name].start(["busybox", "httpd", "-f", "-p", "80", "-h", root]))
            httpd.append(try network[name].start(["socat", "TCP-LISTEN:7,fork,reuseaddr", "PIPE"]))
        }
    }

    func startRouter() throws {
        try network["rtr"].runChecked([
            "bird", "-c", directory + "/router.conf", "-s", directory + "/router.ctl", "-P", directory + "/router.pid",
        ])
    }

    /// A director as a machine runs it: pulse with the one lvs.cf, and BIRD with a bird.conf that
    /// includes the file pulse writes, each director with its own /run and /etc/bird (a private
    /// mount namespace with tmpfs there).
    func startDirector(_ name: String) throws {
        let mounts = ["/run/pulse", "/run/lvsd", "/run/bird", "/etc/bird"].map {
            "mkdir -p \($0) && mount -t tmpfs -o mode=0755 lvsaa-\(name) \($0)"
        }
        let bird = [
            "printf '%s\\n' 'log stderr all;' 'protocol device {}' 'include \"/etc/bird/lvsrouter.conf\";' > /etc/bird/bird.conf",
            ": > /etc/bird/lvsrouter.conf",
            "bird -c /etc/bird/bird.conf -s /run/bird/bird.ctl -P /run/bird/bird.pid",
        ]
        let script = (mounts + bird).joined(separator: " && ") + " && exec \"$0\" \"$@\""
        pulses[name] = try network[name].start(
            [
                "unshare", "--mount", "--propagation", "private", "sh", "-c", script, TestEnvironment.product("pulse"),
                "-n", "-c", directory + "/lvs.cf", "--log-socket", "/run/pulse/no-syslog",
            ])
    }

    /// The director dies: its link cut on its side only (the router's port keeps its carrier, as
    /// when a machine dies behind a switch), then kill -9 of everything on it (pulse, lvsd,
    /// nannies, BIRD). Its IPVS table goes with the link: nothing more reaches it.
    func crash(_ name: String) throws {
        try network[name].runChecked(["ip", "link", "set", "eth0", "down"])
        _ = network[name].killProcesses()
        pulses[name] = nil
    }

    /// The crashed director back: link up, everything started again.
    func restore(_ name: String) throws {
        try network[name].runChecked(["ip", "link", "set", "eth0", "up"])
        try startDirector(name)
    }

    // MARK: Looking

    /// The next hops of the router's route to the VIP.
    func nextHops() -> Set<String> {
        guard
            let output = try? network["rtr"].runChecked(
                ["ip", "-4", "route", "show", "\(Self.vip)/32"], timeout: .seconds(10))
        else { return [] }
        let words = output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        var hops: Set<String> = []
        for (index, word) in words.enumerated() where word == "via" && index + 1 < words.count {
            hops.insert(String(words[index + 1]))
        }
        return hops
    }

    /// Polls the router every 10 ms until its next hops are exactly `wanted`; the time taken.
    func waitForNextHops(_ wanted: Set<String>, timeout: Duration) throws -> Duration {
        let started = ContinuousClock.now
        var seen: Set<String> = []
        while ContinuousClock.now - started < timeout {
            seen = nextHops()
            if seen == wanted { return ContinuousClock.now - started }
            usleep(10_000)
        }
        let sessions =
            (try? TestProcess.run("birdc", ["-s", directory + "/router.ctl", "show", "protocols"]).output) ?? ""
        let logs = pulses.sorted { $0.key < $1.key }.map {
            "\n--- \($0.key):\n\($0.value.standardErrorText.suffix(1500))"
        }
        throw LabError(
            "the router's next hops for \(Self.vip) are \(seen.sorted()) after \(timeout), not \(wanted.sorted()); its BIRD: \(sessions)\(logs.joined())"
        )
    }

    /// `ip -ts monitor route` on the router (line-buffered): every change of its table, stamped by the
    /// kernel's notification as it happens (polling with `ip route` costs too much in the guest).
    func monitorRoutes() throws -> TestProcess {
        try network["rtr"].start(["stdbuf", "-oL", "ip", "-ts", "monitor", "route"])
    }

    /// The wall clock's seconds since midnight (the monitor's time stamps are local wall time).
    static func secondsOfDay() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        localtime_r(&seconds, &parts)
        return Double(parts.tm_hour * 3600 + parts.tm_min * 60 + Int32(parts.tm_sec)) + Double(now.tv_nsec) / 1e9
    }

    /// How long after `since` (``secondsOfDay()``) the monitor saw the first change of the VIP's route.
    static func firstChange(in monitor: TestProcess, since: Double) -> Duration? {
        for line in monitor.standardOutputText.split(separator: "\n") where line.hasPrefix("[") && line.contains(vip) {
            // [2026-12-05T15:45:09.279524] 198.51.100.10 proto bird …
            guard let t = line.firstIndex(of: "T"), let end = line.firstIndex(of: "]") else { continue }
            let clock = line[line.index(after: t)..<end].split(separator: ":")
            guard clock.count == 3, let h = Double(clock[0]), let m = Double(clock[1]), let sec = Double(clock[2])
            else {
                continue
            }
            let at = h * 3600 + m * 60 + sec
            if at >= since { return .milliseconds(Int64(((at - since) * 1000).rounded())) }
        }
        return nil
    }

    /// `lvsctl ARGUMENTS` on a director, in pulse's namespaces.
    func lvsctl(_ name: String, _ arguments: [String]) throws -> TestProcessResult {
        guard let pulse = pulses[name] else { throw LabError("lvsctl on \(name): pulse does not run") }
        return try TestProcess.run(
            "nsenter", ["-t", "\(pulse.pid)", "-m", "-n", TestEnvironment.product("lvsctl")] + arguments,
            timeout: .seconds(30))
    }

    /// The client ports of the connections in the director's IPVS table (`-L -n -c`).
    func clientPorts(on name: String) throws -> Set<UInt16> {
        let output = try network[name].runChecked([TestEnvironment.product("lvsadm"), "-L", "-n", "-c"])
        var ports: Set<UInt16> = []
        for line in output.split(separator: "\n") where line.contains("172.16.0.2:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 4, let port = fields[3].split(separator: ":").last.flatMap({ UInt16($0) }) else {
                continue
            }
            ports.insert(port)
        }
        return ports
    }

    /// Connections the director's IPVS scheduled in all (`--stats`, every service).
    func scheduledConnections(on name: String) throws -> Int {
        let output = try network[name].runChecked([TestEnvironment.product("lvsadm"), "-L", "-n", "--stats"])
        return output.split(separator: "\n").filter { $0.hasPrefix("TCP") }.reduce(0) { sum, line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return sum + (fields.count > 2 ? Int(fields[2]) ?? 0 : 0)
        }
    }
}
