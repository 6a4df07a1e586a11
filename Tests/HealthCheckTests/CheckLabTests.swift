import DaemonSupport
import Glibc
import HealthCheck
import LVSTestKit
import Testing

/// nanny's checks against real servers in a network namespace: nanny runs in the director's
/// namespace, the servers (Python, dnsmasq) in the real server's, across a bridge.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
final class CheckLabTests {
    static let directorAddress = "10.77.0.1"
    static let serverAddress = "10.77.0.2"
    let lab: NetworkLab
    let scratch: String
    var servers: [TestProcess] = []

    init() throws {
        let director = NetworkTopology.Host(
            name: "dir",
            interfaces: [
                NetworkTopology.Interface(name: "eth0", bridge: "lan", addresses: ["\(Self.directorAddress)/24"])
            ])
        let server = NetworkTopology.Host(
            name: "rs",
            interfaces: [
                NetworkTopology.Interface(name: "eth0", bridge: "lan", addresses: ["\(Self.serverAddress)/24"])
            ])
        lab = try NetworkLab(tag: "chk", topology: NetworkTopology(bridges: ["lan"], hosts: [director, server]))
        scratch = "/tmp/lvs-check-lab-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(scratch, 0o700) == 0 else {
            throw LabError("mkdir \(scratch): \(SystemCallError.describe(errno: errno))")
        }
        try write(CheckLabServers.script, to: "servers.py")
    }

    deinit {
        for server in servers { server.kill() }
        lab.tearDown()
        _ = try? TestProcess.run("rm", ["-rf", scratch])
    }

    func write(_ text: String, to name: String) throws {
        let descriptor = try FileDescriptor.open(
            scratch + "/" + name, .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
        defer { descriptor.closeQuietly() }
        try descriptor.writeAll(Array(text.utf8))
    }

    /// Starts the lab's server script in the real server's namespace and waits until it listens.
    func startServer(_ mode: String, port: UInt16, _ extra: [String] = []) throws -> TestProcess {
        let process = try lab["rs"].start(
            ["python3", scratch + "/servers.py", mode, Self.serverAddress, "\(port)"] + extra)
        servers.append(process)
        guard eventually(within: .seconds(10), { process.standardOutputText.contains("listening") }) else {
            throw LabError("the \(mode) server on port \(port) did not start: \(process.standardErrorText)")
        }
        return process
    }

    func nanny(_ harness: CheckHarness, port: UInt16, _ arguments: [String]) throws -> NannyProcess {
        try NannyProcess(
            harness,
            arguments: ["-h", Self.serverAddress, "-p", "\(port)", "-a", "0", "--slow-start", "0"] + arguments,
            launcher: ["/bin/ip", "netns", "exec", lab["dir"].name])
    }

    /// The first check's result of a nanny run with `arguments` against `port`.
    func firstResult(port: UInt16, _ arguments: [String]) throws -> (CheckResult, Duration) {
        let harness = try CheckHarness()
        let started = ContinuousClock.now
        let process = try nanny(harness, port: port, arguments)
        defer { process.stop() }
        let index = try #require(
            process.waitForReport { if case .check = $0 { true } else { false } },
            "no check result; reports \(process.reportList), log \(process.syslogLines)")
        guard case .check(let result) = process.reportList[index] else { throw LabError("not a check report") }
        return (result, process.reports[index].at - started)
    }

    func isUp(_ report: NannyReport) -> Bool { if case .up = report { true } else { false } }
    func isDown(_ report: NannyReport) -> Bool { if case .down = report { true } else { false } }

    @Test func httpStatusBodyAndAServerThatHangsAfterItsHeaders() throws {
        _ = try startServer("http", port: 8080)
        let server = "\(Self.serverAddress):8080"
        let (ok, _) = try firstResult(port: 8080, ["--check", "http", "--http-path", "/ok", "-t", "2"])
        #expect(ok.isPassed, "\(ok)")
        #expect(ok.detail.contains("HTTP 200 from \(server) /ok"), "\(ok)")

        let (unavailable, _) = try firstResult(port: 8080, ["--check", "http", "--http-path", "/fail", "-t", "2"])
        #expect(unavailable == .failed("HTTP 503 from \(server) /fail, expected 200-299"))

        let (accepted, _) = try firstResult(
            port: 8080, ["--check", "http", "--http-path", "/fail", "--http-status", "200 500-599", "-t", "2"])
        #expect(accepted.isPassed, "503 is in the accepted ranges: \(accepted)")

        let (wrongBody, _) = try firstResult(
            port: 8080, ["--check", "http", "--http-path", "/body", "--http-regex", "all good", "-t", "2"])
        #expect(
            !wrongBody.isPassed && wrongBody.detail.contains("/body") && wrongBody.detail.contains("all good"),
            "\(wrongBody)")

        let (hung, after) = try firstResult(port: 8080, ["--check", "http", "--http-path", "/hang", "-t", "1"])
        #expect(!hung.isPassed && hung.detail.contains("/hang") && hung.detail.contains("within 1 s"), "\(hung)")
        #expect(after < .seconds(3), "the whole check is bounded by the timeout; took \(after)")
    }

    /// A CA, and certificates for rs.lab.test signed by it: one good, one that expired yesterday.
    func makeCertificates() throws {
        func openssl(_ arguments: [String]) throws {
            let result = try TestProcess.run("openssl", arguments)
            guard result.exitCode == 0 else {
                throw LabError("openssl \(arguments.joined(separator: " ")): \(result.error)")
            }
        }
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try write("subjectAltName=DNS:rs.lab.test\n", to: "san.ext")
        try openssl(
            ["req", "-x509"] + ec + [
                "-keyout", "\(scratch)/ca.key", "-out", "\(scratch)/ca.pem", "-subj", "/CN=lab CA", "-days", "2",
            ])
        for (name, days) in [("good", "2"), ("expired", "-1")] {
            try openssl(
                ["req", "-new"] + ec + [
                    "-keyout", "\(scratch)/\(name).key", "-out", "\(scratch)/\(name).csr", "-subj", "/CN=rs.lab.test",
                ])
            // -days -1: valid until yesterday, the way OpenSSL 3.0's x509 makes an expired certificate.
            try openssl([
                "x509", "-req", "-in", "\(scratch)/\(name).csr", "-CA", "\(scratch)/ca.pem", "-CAkey",
                "\(scratch)/ca.key",
                "-CAcreateserial", "-out", "\(scratch)/\(name).pem", "-days", days, "-extfile", "\(scratch)/san.ext",
            ])
        }
    }

    @Test func httpsWithAGoodAndAnExpiredCertificate() throws {
        try makeCertificates()
        _ = try startServer("https", port: 8443, ["\(scratch)/good.pem", "\(scratch)/good.key"])
        _ = try startServer("https", port: 8444, ["\(scratch)/expired.pem", "\(scratch)/expired.key"])
        let verified = [
            "--check", "https", "--http-path", "/ok", "--http-host", "rs.lab.test", "--tls-verify", "--tls-ca-file",
            "\(scratch)/ca.pem", "-t", "2",
        ]
        let (good, _) = try firstResult(port: 8443, verified)
        #expect(good == .passed("HTTP 200 from \(Self.serverAddress):8443 /ok"), "\(good)")

        let (expired, _) = try firstResult(port: 8444, verified)
        #expect(
            expired
                == .failed("TLS handshake with \(Self.serverAddress):8444 (SNI rs.lab.test): certificate has expired"))

        let (unverified, _) = try firstResult(port: 8444, ["--check", "https", "--http-path", "/ok", "-t", "2"])
        #expect(unverified.isPassed, "without --tls-verify an expired certificate is accepted: \(unverified)")

        let (handshake, _) = try firstResult(
            port: 8443,
            [
                "--check", "tls", "--tls-server-name", "rs.lab.test", "--tls-verify", "--tls-ca-file",
                "\(scratch)/ca.pem", "-t", "2",
            ])
        #expect(handshake.isPassed, "\(handshake)")
    }

    @Test func dnsWithAndWithoutTheRecord() throws {
        let dnsmasq = try lab["rs"].start([
            "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--user=root",
            "--pid-file=\(scratch)/dnsmasq.pid", "--listen-address=\(Self.serverAddress)", "--bind-interfaces",
            "--port=5353", "--host-record=www.lab.test,10.77.0.80", "--local=/lab.test/", "--log-facility=-",
        ])
        servers.append(dnsmasq)
        let query = ["--check", "dns", "--dns-name", "www.lab.test", "--dns-type", "A", "-t", "2"]
        var found: CheckResult?
        // dnsmasq needs a moment to bind; bounded.
        for _ in 0..<10 {
            found = try firstResult(port: 5353, query + ["--dns-answer", "10.77.0.80"]).0
            if found?.isPassed == true { break }
            usleep(200_000)
        }
        #expect(found?.isPassed == true, "\(String(describing: found)); dnsmasq: \(dnsmasq.standardErrorText)")

        let (missing, _) = try firstResult(
            port: 5353, ["--check", "dns", "--dns-name", "nope.lab.test", "--dns-type", "A", "-t", "2"])
        #expect(!missing.isPassed && missing.detail.contains("NXDOMAIN, expected NOERROR"), "\(missing)")

        let (wrong, _) = try firstResult(port: 5353, query + ["--dns-answer", "10.77.0.81"])
        #expect(!wrong.isPassed && wrong.detail.contains("10.77.0.81"), "\(wrong)")
    }

    @Test func smtpGreetingEhloAndQuit() throws {
        _ = try startServer("smtp", port: 2525, ["220 rs.lab.test ESMTP ready"])
        _ = try startServer("smtp", port: 2526, ["554 no service here"])
        let (good, _) = try firstResult(port: 2525, ["--check", "smtp", "--smtp-helo", "dir.lab.test", "-t", "2"])
        #expect(good.isPassed, "\(good)")
        let (refused, _) = try firstResult(port: 2526, ["--check", "smtp", "-t", "2"])
        #expect(!refused.isPassed && refused.detail.contains("554"), "\(refused)")
    }

    @Test func fallTakesTwoFailuresAndRiseThreePasses() throws {
        var server = try startServer("http", port: 8081)
        let harness = try CheckHarness()
        let process = try nanny(
            harness, port: 8081, ["--check", "http", "--http-path", "/ok", "-t", "0.3", "--fall", "2", "--rise", "3"])
        defer { process.stop() }
        let up = try #require(process.waitForReport(where: isUp), "reports \(process.reportList)")

        server.kill()
        let down = try #require(process.waitForReport(after: up, where: isDown), "reports \(process.reportList)")
        let failures = process.reportList[up..<down].filter { if case .check(.failed) = $0 { true } else { false } }
        #expect(failures.count == 2, "out after exactly 2 failed checks in a row: \(process.reportList[up...down])")

        server = try startServer("http", port: 8081)
        let back = try #require(process.waitForReport(after: down, where: isUp), "reports \(process.reportList)")
        let passes = process.reportList[down..<back].filter { if case .check(.passed) = $0 { true } else { false } }
        #expect(passes.count == 3, "back after exactly 3 passed checks in a row: \(process.reportList[down...back])")
        server.kill()
    }
}
