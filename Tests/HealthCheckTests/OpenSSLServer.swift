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
        try? Signal.terminate.send(to: pid)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    private static func accepts(_ port: UInt16) -> Bool {
        guard let socket = try? Socket(for: loopback(port), .stream) else { return false }
        defer { socket.closeQuietly() }
        return (try? socket.connect(to: loopback(port))) == true
    }
}
