import DaemonSupport
import Glibc

/// `openssl s_server -www` on 127.0.0.1 with a given certificate (and, for SNI
/// `www.example.test`, a second one): a real TLS server that answers a GET with an HTTP 200
/// status page. Started by a test, stopped by PID.
final class OpenSSLServer {
    let port: UInt16
    private let pid: pid_t
    private var stopped = false

    init(cert: String, key: String, named: (cert: String, key: String)? = nil) throws {
        port = unusedPort()
        var arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", cert, "-key", key, "-www", "-quiet"]
        if let named {
            arguments += [
                "-servername", TestCertificates.serverName, "-cert2", named.cert, "-key2", named.key,
            ]
        }
        pid = try ProcessSpawner.spawn(
            ChildProcessSpec(executable: "openssl", arguments: arguments, standardOutput: .null, standardError: .null)
        ).pid
        // Wait until it listens: at most 100 tries, 5 s.
        for _ in 0..<100 {
            if Self.accepts(port) { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                stopped = true
                throw TestFixtureError("openssl s_server on port \(port) exited: status \(status)")
            }
            usleep(50_000)
        }
        stop()
        throw TestFixtureError("openssl s_server on port \(port) did not listen within 5 s")
    }

    deinit { stop() }

    /// Ends the server (SIGTERM to its PID) and collects it.
    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    private static func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
