#if canImport(Glibc)
import Glibc
#endif
import LVSTestKit

/// A real server of the lab: its namespace runs `busybox httpd` on port 80, serving one page
/// whose body is the server's name, and, when the plan asks, a TCP echo server on port 7
/// (`socat … PIPE`).
public final class LabRealServer: @unchecked Sendable {
    /// Its name (`rs1`).
    public let name: String
    /// Its address.
    public let address: String
    private let namespace: NetworkNamespace
    private let documentRoot: String
    private var httpd: TestProcess?
    private var echo: TestProcess?

    init(name: String, address: String, namespace: NetworkNamespace, documentRoot: String) {
        self.name = name
        self.address = address
        self.namespace = namespace
        self.documentRoot = documentRoot
    }

    deinit { stop() }

    /// Whether its HTTP server runs.
    public var isServing: Bool { httpd?.isRunning ?? false }

    /// Starts the HTTP server and waits (at most 20 s) until it answers on its own address.
    public func startHTTP() throws {
        guard httpd == nil else { return }
        // -f: foreground; httpd forks one child per connection, in its process group.
        httpd = try namespace.start(["busybox", "httpd", "-f", "-p", "80", "-h", documentRoot])
        let client = LabClient(host: name, namespace: namespace)
        let deadline = ContinuousClock.now + .seconds(20)
        var last = ""
        while ContinuousClock.now < deadline {
            if let process = httpd, !process.isRunning {
                let error = process.standardErrorText
                httpd = nil
                throw LabError("starting busybox httpd on \(name) (\(address)): it exited: \(error)")
            }
            do {
                if try client.get(address, timeout: .milliseconds(500)).server == name { return }
            } catch {
                last = "\(error)"
            }
            usleep(50_000)
        }
        throw LabError("starting busybox httpd on \(name) (\(address)): no answer within 20 s (\(last))")
    }

    /// Kills the HTTP server (and the children serving connections): the port then refuses.
    public func stopHTTP() {
        httpd?.kill()
        httpd = nil
    }

    /// Starts the echo server on port 7 (for long-lived connections).
    public func startEcho() throws {
        guard echo == nil else { return }
        echo = try namespace.start(["socat", "TCP-LISTEN:7,fork,reuseaddr", "PIPE"])
    }

    /// Stops everything it runs.
    public func stop() {
        stopHTTP()
        echo?.kill()
        echo = nil
    }
}
