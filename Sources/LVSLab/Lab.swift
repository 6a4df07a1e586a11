#if canImport(Glibc)
import Glibc
#endif
import Control
import Foundation
import LVSTestKit

/// The lab the demo and the end-to-end tests share: a client, one or two directors and real
/// servers in network namespaces joined by bridges (``NetworkTopology/init(plan:)``), the real servers serving
/// HTTP, one lvs.cf (``LabConfigFile``) for both directors, and pulse on each director
/// (``LabDirector``), which keeps lvsd and the nannies running on both directors (warm standby);
/// or keepalived on a director where the plan's ``LabDaemon`` runs it.
///
/// Everything lives in namespaces and a temporary directory this lab made; ``tearDown()`` (also
/// run on `deinit`) kills its processes by PID and removes it all.
public final class Lab: @unchecked Sendable {
    /// What the lab is made of.
    public private(set) var plan: LabPlan
    /// Its namespaces.
    public let network: NetworkLab
    /// Its temporary directory: lvs.cf, the heartbeat key, the real servers' pages.
    public let directory: String
    /// lvs.cf, shared by both directors.
    public let configPath: String
    /// The client on the public network.
    public let client: LabClient
    private var directors: [LabDirectorRole: LabDirector] = [:]
    private var servers: [String: LabRealServer] = [:]
    private static let labs = SerialCounter()

    /// Builds the lab of `plan`: networks, lvs.cf, real servers answering. Directors are not
    /// started (``startDirectors()``).
    public init(plan: LabPlan) throws {
        self.plan = plan
        directory = "/tmp/lvslab-\(plan.tag)-\(getpid())-\(Self.labs.next())"
        configPath = directory + "/lvs.cf"
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        LabRegistry.add(directory: directory)
        do {
            network = try NetworkLab(tag: plan.tag, topology: NetworkTopology(plan: plan))
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            LabRegistry.remove(directory: directory)
            throw error
        }
        client = LabClient(host: "client", namespace: network["client"])
        do {
            if plan.heartbeatKey { try writeKey() }
            try writeConfig(plan)
            for directory in LabDirector.runtimeDirectories {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            for role in plan.directors {
                let director = LabDirector(
                    role: role, namespace: network[role.rawValue], configPath: configPath,
                    daemon: plan.daemon.program(on: role), directory: directory)
                directors[role] = director
                if director.daemon == .keepalived {
                    let text = KeepalivedConfigFile(
                        plan: plan, role: role, priority: KeepalivedConfigFile.defaultPriority(of: role)
                    ).text
                    try Data(text.utf8).write(to: URL(fileURLWithPath: director.keepalivedConfigPath))
                }
            }
            for name in plan.realServers {
                let root = "\(directory)/\(name)"
                try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
                try Data("\(name)\n".utf8).write(to: URL(fileURLWithPath: root + "/index.html"))
                let server = LabRealServer(
                    name: name, address: plan.address(of: name), namespace: network[name], documentRoot: root)
                servers[name] = server
                try server.startHTTP()
                if plan.echoServers { try server.startEcho() }
            }
        } catch {
            tearDown()
            throw error
        }
    }

    deinit { tearDown() }

    /// The director `role`.
    public func director(_ role: LabDirectorRole) -> LabDirector {
        guard let director = directors[role] else { preconditionFailure("the \(plan.tag) lab has no \(role) director") }
        return director
    }

    /// The real server `name`.
    public func server(_ name: String) -> LabRealServer {
        guard let server = servers[name] else { preconditionFailure("the \(plan.tag) lab has no real server \(name)") }
        return server
    }

    /// A client acting from inside host `name` (a director towards its real servers, say).
    public func client(on name: String) -> LabClient { LabClient(host: name, namespace: network[name]) }

    /// The service named `name` in the plan.
    public func service(_ name: String) -> LabService {
        guard let service = plan.services.first(where: { $0.name == name }) else {
            preconditionFailure("the \(plan.tag) lab has no service \(name)")
        }
        return service
    }

    /// Rewrites lvs.cf for `plan` (same lab: only services and timings may differ); a reload
    /// then applies it.
    public func writeConfig(_ plan: LabPlan) throws {
        let text = LabConfigFile(plan: plan, keyFile: directory + "/heartbeat.key").text
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath), options: .atomic)
        self.plan = plan
    }

    /// Starts pulse on every director, the primary first.
    public func startDirectors() throws {
        for role in plan.directors { try director(role).start() }
    }

    /// Crashes director `role` as a power cut would: every process of it killed at once
    /// (pulse, lvsd, nannies), its links gone, its namespace and IPVS table with them.
    public func crash(_ role: LabDirectorRole) throws {
        try network.destroy(role.rawValue)
        director(role).forgetCrashed()
    }

    /// Boots a crashed director again: a fresh host (no VIPs, empty IPVS table, empty /run) on
    /// the same networks, then pulse.
    public func restart(_ role: LabDirectorRole) throws {
        try network.recreate(role.rawValue)
        try director(role).start()
    }

    /// Whether the director `role` serves: its pulse is active, holds every VIP, and its IPVS
    /// table has every active real server of every service; nil when it does, else what is missing.
    public func missingForServing(_ role: LabDirectorRole) -> String? {
        let director = director(role)
        guard let status = try? director.status() else { return "the \(role)'s pulse does not answer" }
        guard status.state == .active else { return "the \(role) is \(status.failoverState ?? status.state.rawValue)" }
        for vip in Set(plan.services.map(\.vip))
        where !status.virtualAddresses.contains(where: { $0.hasPrefix(vip + "/") }) {
            return "the \(role) does not hold \(vip) (holds \(status.virtualAddresses))"
        }
        return missingFromTable(role)
    }

    /// nil when `role`'s IPVS table holds every service of the plan with exactly its active real
    /// servers (whether or not it holds the VIPs), else what is missing.
    public func missingFromTable(_ role: LabDirectorRole) -> String? {
        for service in plan.services {
            let wanted = Array(Set(service.activeServers)).sorted()
            let members = try? director(role).tableMembers(of: service, plan: plan)
            if members != wanted {
                return "\(service.name) in the \(role)'s table: \(members.map { "\($0)" } ?? "absent"), not \(wanted)"
            }
        }
        return nil
    }

    /// Waits until `role` serves (``missingForServing(_:)``) and the other director, if it runs,
    /// stands by; returns how long that took.
    @discardableResult
    public func waitUntilServing(_ role: LabDirectorRole, timeout: Duration = .seconds(30)) throws -> Duration {
        try wait("the \(role) serving every service", timeout: timeout) {
            if let missing = missingForServing(role) { return missing }
            let peer = role.peer
            if plan.directors.contains(peer), director(peer).isRunning {
                guard let status = try? director(peer).status() else { return "the \(peer)'s pulse does not answer" }
                guard status.state == .inactive else {
                    return "the \(peer) is \(status.failoverState ?? status.state.rawValue)"
                }
            }
            return nil
        }
    }

    /// Polls `check` every 20 ms until it returns nil ("nothing missing"), at most `timeout`;
    /// returns the time it took. The error names what was still missing and shows the
    /// directors' last log lines.
    @discardableResult
    public func wait(_ what: String, timeout: Duration, _ check: () -> String?) throws -> Duration {
        let start = ContinuousClock.now
        var missing = "not checked"
        while ContinuousClock.now - start < timeout {
            guard let problem = check() else { return ContinuousClock.now - start }
            missing = problem
            usleep(20_000)
        }
        throw LabError("waiting for \(what): not within \(timeout.labText): \(missing)\n\(logExcerpt())")
    }

    /// The last lines each director logged, for failure messages.
    public func logExcerpt(lines: Int = 25) -> String {
        plan.directors.map { role in
            "--- last \(lines) log lines of the \(role):\n"
                + director(role).logTail(lines).map { "    " + $0 }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Stops every pulse (SIGTERM, then SIGKILL with the rest), the real servers and the
    /// namespaces, and removes the directory. Idempotent.
    public func tearDown() {
        for director in directors.values where director.isRunning { _ = try? director.stop(timeout: .seconds(10)) }
        for server in servers.values { server.stop() }
        network.tearDown()
        try? FileManager.default.removeItem(atPath: directory)
        LabRegistry.remove(directory: directory)
    }

    private func writeKey() throws {
        var bytes = [UInt8](repeating: 0, count: 32)
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard fd >= 0, read(fd, &bytes, bytes.count) == bytes.count else {
            throw LabError("creating the heartbeat key: reading /dev/urandom: \(LabError.errnoText())")
        }
        close(fd)
        let path = directory + "/heartbeat.key"
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((hex + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw LabError("creating the heartbeat key \(path): cannot write it")
        }
    }
}
