#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Control
import Foundation
import IPVS
import Interfaces
import LVSTestKit
import Logging

/// A director of the lab, a host of its own: pulse runs in the director's network namespace and in
/// a mount namespace of its own, with private tmpfs mounts on `/run/pulse` and `/run/lvsd`, so two
/// directors on one kernel share no control socket, pidfile or lvsd record. pulse runs in the
/// foreground (`-n`), so pulse, lvsd and the nannies log to standard error, kept here. Where the
/// plan runs keepalived instead (a keepalived pair, the mixed pair's backup), keepalived runs the
/// same way (`/run/keepalived` private).
///
/// Its sockets are reached through `/proc/PID/root`, and `lvsctl` runs inside both namespaces
/// (`nsenter`), as an admin on that director would run it.
public final class LabDirector: @unchecked Sendable {
    /// Which director.
    public let role: LabDirectorRole
    private let namespace: NetworkNamespace
    private let configPath: String
    /// What runs here: pulse, or keepalived (never the mixed pair itself).
    public let daemon: LabDaemon
    /// keepalived.conf, when ``daemon`` is keepalived.
    let keepalivedConfigPath: String
    private var pulse: TestProcess?
    private var pastLogs = ""
    private let silent = Logger(label: "lvslab", factory: { _ in SwiftLogNoOpLogHandler() })

    init(role: LabDirectorRole, namespace: NetworkNamespace, configPath: String, daemon: LabDaemon, directory: String) {
        self.role = role
        self.namespace = namespace
        self.configPath = configPath
        self.daemon = daemon
        keepalivedConfigPath = directory + "/keepalived-\(role).conf"
    }

    deinit { pulse?.kill() }

    /// The directories that become private mounts; they must exist before pulse starts.
    static let runtimeDirectories = ["/run/pulse", "/run/lvsd", "/run/keepalived"]

    /// Starts pulse (`-n -c lvs.cf`, plus `arguments`), or keepalived where it runs.
    public func start(_ arguments: [String] = []) throws {
        guard pulse == nil else { throw LabError("starting \(daemon) on the \(role): it runs already") }
        let mounts = Self.runtimeDirectories.map { "mount -t tmpfs -o mode=0700 lvslab-\(role) \($0)" }.joined(
            separator: " && ")
        let command: [String]
        switch daemon {
        case .pulse:
            command =
                [
                    TestEnvironment.product("pulse"), "-n", "-c", configPath,
                    // No syslog in the lab (and never the host's): everything goes to standard error.
                    "--log-socket", "/run/pulse/no-syslog",
                ] + arguments
        case .keepalived, .pulseWithKeepalived:  // never the pair itself: the lab resolved it per role
            command =
                [
                    "keepalived", "--dont-fork", "--log-console", "--log-detail", "--no-syslog", "-f",
                    keepalivedConfigPath,
                    "-p", "/run/keepalived/keepalived.pid", "-r", "/run/keepalived/vrrp.pid",
                    "-c", "/run/keepalived/checkers.pid",
                ] + arguments
        }
        pulse = try namespace.start(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", mounts + " && exec \"$0\" \"$@\""] + command)
    }

    /// keepalived: rewrites this director's keepalived.conf with `priority` and reloads it
    /// (SIGHUP), as an admin changes a priority to move the VIPs.
    public func reloadKeepalived(_ text: String) throws {
        guard daemon == .keepalived, let process = pulse else {
            throw LabError("reloading keepalived on the \(role): it does not run")
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: keepalivedConfigPath), options: .atomic)
        process.signal(SIGHUP)
    }

    /// pulse: asks for a manual failover over the control socket, as `lvsctl failover` does.
    public func requestFailover(timeout: Duration = .seconds(3)) throws -> ControlResponse<PulseStatus> {
        try client(daemon: "pulse", socket: "/run/pulse/pulse.sock", timeout: timeout).send(PulseRequest.failover)
    }

    /// pulse: asks to take the VIPs over the control socket, as `lvsctl takeover` does.
    public func requestTakeover(timeout: Duration = .seconds(3)) throws -> ControlResponse<PulseStatus> {
        try client(daemon: "pulse", socket: "/run/pulse/pulse.sock", timeout: timeout).send(PulseRequest.takeover)
    }

    /// Whether `address` is on one of this director's interfaces (rtnetlink in its namespace).
    public func holds(_ address: String) -> Bool {
        guard let ip = IPAddress(address) else { return false }
        return (try? inside(namespace) { try RouteNetlinkSocket().interface(holding: ip) != nil }) ?? false
    }

    /// Whether pulse runs.
    public var isRunning: Bool { pulse?.isRunning ?? false }

    /// pulse's PID (the same process from `ip netns exec` on: each step execs the next).
    public var pid: pid_t? { pulse?.pid }

    /// pulse's status, over its control socket.
    public func status(timeout: Duration = .seconds(3)) throws -> PulseStatus {
        let response = try client(daemon: "pulse", socket: "/run/pulse/pulse.sock", timeout: timeout).send(
            PulseRequest.status)
        guard let status = response.result else {
            throw LabError("status of pulse on the \(role): an answer without a status")
        }
        return status
    }

    /// lvsd's status, over its control socket (lvsd runs on both directors: warm standby).
    public func lvsdStatus(timeout: Duration = .seconds(3)) throws -> LVSDStatus {
        let response = try client(daemon: "lvsd", socket: "/run/lvsd/lvsd.sock", timeout: timeout).send(
            LVSDRequest.status)
        guard let status = response.result else {
            throw LabError("status of lvsd on the \(role): an answer without a status")
        }
        return status
    }

    /// Runs `lvsctl ARGUMENTS` on this director: in its network and mount namespaces.
    public func lvsctl(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> TestProcessResult {
        try startLVSCtl(arguments).wait(timeout: timeout)
    }

    /// Starts `lvsctl ARGUMENTS` on this director without waiting for it.
    public func startLVSCtl(_ arguments: [String]) throws -> TestProcess {
        guard let pid else {
            throw LabError("lvsctl \(arguments.joined(separator: " ")) on the \(role): pulse is not running")
        }
        return try TestProcess("nsenter", ["-t", "\(pid)", "-n", "-m", TestEnvironment.product("lvsctl")] + arguments)
    }

    /// The real servers of `service` in this director's IPVS table with a weight above 0, as
    /// `name` (or the address when the plan has no such server), sorted; nil when the service is
    /// not in the table.
    public func tableMembers(of service: LabService, plan: LabPlan) throws -> [String]? {
        try tableEntry(of: service, plan: plan)?.members.filter { $0.weight > 0 }.map(\.server).sorted()
    }

    /// `service` as this director's IPVS table has it; nil when it is not there.
    public func tableEntry(of service: LabService, plan: LabPlan) throws -> LabTableEntry? {
        let table = try IPVSClient(namespacePath: namespace.path, timeout: .seconds(3), logger: silent)
        let identity: IPVSServiceIdentity
        if let mark = service.firewallMark {
            identity = .firewallMark(mark, family: .inet)
        } else {
            guard let vip = IPAddress(service.vip) else {
                throw LabError("reading the table of the \(role): bad VIP \(service.vip)")
            }
            identity = .address(.tcp, vip, port: service.port)
        }
        guard let kernel = try? table.service(identity) else { return nil }
        let members = try table.destinations(of: identity).map {
            LabTableEntry.Member(
                server: plan.server(at: "\($0.address)") ?? "\($0.address)", weight: Int($0.weight),
                forwarding: "\($0.forwarding)",
                activeConnections: Int($0.activeConnections))
        }
        let statistics = kernel.statistics
        return LabTableEntry(
            scheduler: kernel.scheduler.rawValue, members: members, connections: statistics?.connections ?? 0,
            incomingPackets: statistics?.incomingPackets ?? 0, outgoingPackets: statistics?.outgoingPackets ?? 0)
    }

    /// A client of this director's IPVS table, to read it often (each ``tableEntry(of:plan:)``
    /// opens one of its own).
    public func ipvsClient() throws -> IPVSClient {
        try IPVSClient(namespacePath: namespace.path, timeout: .seconds(3), logger: silent)
    }

    /// lvsd's PID on this director, as pulse reports it; nil while none runs.
    public func lvsdPID() throws -> pid_t? { try status().lvsd?.pid }

    /// The IPVS sync daemons running on this director, as `master on eth1 (syncid 7)`.
    public func syncDaemons() throws -> [String] {
        let table = try IPVSClient(namespacePath: namespace.path, timeout: .seconds(3), logger: silent)
        return try table.syncDaemons().map { "\($0.role) on \($0.interface) (syncid \($0.syncID))" }.sorted()
    }

    /// The connections in this director's IPVS (`/proc/net/ip_vs_conn` of its namespace).
    public func connections() throws -> [IPVSConnectionEntry] {
        let text = try inside(namespace) { () throws -> String in
            // thread-self: /proc/self/net would be the main thread's namespace, not this one.
            try LabFiles.read("/proc/thread-self/net/ip_vs_conn")
        }
        return IPVSConnectionEntry.parse(text)
    }

    /// Stops pulse with SIGTERM (it releases the VIPs and stops lvsd) and returns how it ended.
    @discardableResult
    public func stop(timeout: Duration = .seconds(20)) throws -> TestProcessResult? {
        guard let process = pulse else { return nil }
        process.signal(SIGTERM)
        let result = try process.wait(timeout: timeout)
        pastLogs += result.error + result.output
        pulse = nil
        return result
    }

    /// Forgets pulse after the host's processes were killed with it (``Lab/crash(_:)``), keeping
    /// its log.
    func forgetCrashed() {
        guard let process = pulse else { return }
        _ = try? process.wait(timeout: .seconds(5))
        pastLogs += process.standardErrorText + process.standardOutputText + "--- (the \(role) crashed here)\n"
        pulse = nil
    }

    /// Everything pulse, lvsd and the nannies logged on this director, across restarts.
    public var log: String { pastLogs + (pulse.map { $0.standardErrorText + $0.standardOutputText } ?? "") }

    /// The last `count` lines of ``log``.
    public func logTail(_ count: Int = 25) -> [String] {
        Array(
            log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }.suffix(
                count))
    }

    private func client(daemon: String, socket: String, timeout: Duration) throws -> ControlClient {
        guard let pid, isRunning else { throw LabError("asking \(daemon) on the \(role): pulse is not running") }
        // The socket is in the director's private /run: reach it through the process's root.
        return ControlClient(path: "/proc/\(pid)\(Self.root)\(socket)", daemon: daemon, timeout: timeout)
    }

    private static let root = "/root"
}
