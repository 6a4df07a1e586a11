import Foundation
import Glibc
import LVSTestKit
import Testing

/// One lvsd started by a test in `--test-start` mode, in the foreground, logging to standard
/// error, with real nannies from the build, its runtime directory in a scratch directory.
final class LVSDRun {
    let process: TestProcess
    let scratch: Scratch
    let configPath: String

    var runtimeDirectory: String { scratch.path + "/run" }
    var socketPath: String { runtimeDirectory + "/lvsd.sock" }

    init(scratch: Scratch, config: String, extraArguments: [String] = [], passing: [Int32] = []) throws {
        self.scratch = scratch
        configPath = try scratch.write("lvs.cf", config)
        process = try TestProcess(
            TestEnvironment.product("lvsd"),
            [
                "-n", "-t", "-c", configPath, "--runtime-directory", scratch.path + "/run", "--nanny",
                TestEnvironment.product("nanny"),
                "--log-socket", scratch.path + "/no-syslog",
            ] + extraArguments, passing: passing)
    }

    deinit {
        if process.isRunning { process.kill() }
    }

    /// What lvsd logged so far.
    var log: String { process.standardErrorText }

    /// The log lines so far.
    var lines: [String] { log.split(separator: "\n").map(String.init) }

    /// Waits until a log line contains `text` (bounded by `timeout`); returns the line's index.
    @discardableResult
    func waitForLine(containing text: String, after start: Int = 0, timeout: Duration = .seconds(20)) throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = lines
            if current.count > start, let index = current[start...].firstIndex(where: { $0.contains(text) }) {
                return index
            }
            if !process.isRunning {
                throw LabError("lvsd exited before logging \"\(text)\":\n\(log)")
            }
            usleep(20_000)
        }
        throw LabError("no log line containing \"\(text)\" within \(timeout):\n\(log)")
    }

    /// The PIDs of lvsd's children that are nannies (not the nannies' fork server).
    var children: [pid_t] { childProcesses(of: process.pid).filter { !isForkServer($0) } }

    /// The PID of lvsd's nanny fork server, if it runs.
    var forkServer: pid_t? { childProcesses(of: process.pid).first(where: isForkServer) }

    private func isForkServer(_ pid: pid_t) -> Bool {
        let arguments = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8))?.split(separator: "\0")
        return arguments?.dropFirst().first == "--fork-server"
    }

    /// Waits until lvsd has `count` children.
    func waitForChildren(_ count: Int, timeout: Duration = .seconds(20)) throws -> [pid_t] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let now = children
            if now.count == count { return now }
            usleep(20_000)
        }
        throw LabError("lvsd has \(children.count) children, expected \(count):\n\(log)")
    }

    /// Replaces lvs.cf and sends SIGHUP.
    func reload(_ config: String) throws {
        try scratch.write("lvs.cf", config)
        process.signal(SIGHUP)
    }
}

/// The children of `parent` (from /proc/*/stat).
func childProcesses(of parent: pid_t) -> [pid_t] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    var children: [pid_t] = []
    for entry in entries {
        guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        if fields.count > 1, pid_t(fields[1]) == parent { children.append(pid) }
    }
    return children.sorted()
}

/// Whether `pid` is a live process (not a zombie).
func isAlive(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else {
        return false
    }
    return !stat[stat.index(after: close)...].hasPrefix(" Z")
}

/// A loopback TCP server that accepts and closes connections: a real server for nanny to check.
/// Stopping it makes the port refuse connections.
final class LoopbackServer {
    let port: UInt16
    private var process: TestProcess?

    /// A server on a free port; with `listening: false` the port is chosen but nothing listens yet.
    init(listening: Bool = true) throws {
        port = try freePort()
        if listening { try start() }
    }

    deinit { process?.kill() }

    func start() throws {
        let script = """
            import socket, sys, time
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            for attempt in range(100):
                try:
                    s.bind(("127.0.0.1", int(sys.argv[1])))
                    break
                except OSError:
                    time.sleep(0.05)
            s.listen(64)
            print("ready", flush=True)
            deadline = time.time() + 600
            s.settimeout(1)
            while time.time() < deadline:
                try:
                    c, _ = s.accept()
                    c.close()
                except socket.timeout:
                    pass
            """
        let process = try TestProcess("python3", ["-c", script, "\(port)"])
        self.process = process
        let deadline = ContinuousClock.now + .seconds(10)
        while !process.standardOutputText.contains("ready") {
            guard ContinuousClock.now < deadline, process.isRunning else {
                throw LabError("loopback server on port \(port) did not start: \(process.standardErrorText)")
            }
            usleep(10_000)
        }
    }

    func stop() {
        process?.kill()
        process = nil
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on now.
func freePort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw LabError("socket: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { throw LabError("bind: \(String(cString: strerror(errno)))") }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return UInt16(bigEndian: address.sin_port)
}

/// lvs.cf with one virtual service whose real servers are loopback ports, checked every second.
func loopbackConfig(
    ports: [UInt16], weights: [Int]? = nil, extra: String = "", globals: String = "", reentry: Int = 1,
    scheduler: String = "wlc"
) -> String {
    var servers = ""
    for (index, port) in ports.enumerated() {
        servers += """
                server rs\(index + 1) {
                    address = 127.0.0.1
                    port = \(port)
                    active = 1
                    weight = \(weights?[index] ?? index + 1)
                }

            """
    }
    return """
        primary = 192.0.2.1
        network = direct
        \(globals)
        virtual www {
            active = 1
            address = 192.0.2.10 eth0:1
            port = 80
            scheduler = \(scheduler)
            timeout = 1
            reentry = \(reentry)
            \(extra)
        \(servers)
        }

        """
}
