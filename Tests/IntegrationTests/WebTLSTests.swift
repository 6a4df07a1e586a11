#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LVSTestKit
import Testing

/// lvsweb off loopback: refused without TLS, served over TLS with a certificate the test made
/// (openssl), the session cookie then marked Secure.
@Suite(.serialized, .enabled(if: TestEnvironment.hostTestsEnabled, "needs root (LVSROUTER_HOST_TESTS=1)"))
struct WebTLSTests {
    final class Files {
        let directory = NSTemporaryDirectory() + "lvsweb-tls-\(getpid())-\(UUID().uuidString.prefix(8))"
        var certificate: String { directory + "/cert.pem" }
        var key: String { directory + "/key.pem" }
        var password: String { directory + "/passwd" }

        init() throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let made = try TestProcess.run(
                "openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", "/CN=lvsweb.test", "-keyout", key, "-out", certificate,
                ], timeout: .seconds(30))
            guard made.exitCode == 0 else { throw LabError("openssl req: \(made.error)") }
            let passwd = try TestProcess.run(
                TestEnvironment.product("lvsweb"), ["passwd", "--password-file", password],
                standardInput: Array("tls test password\n".utf8))
            guard passwd.exitCode == 0 else { throw LabError("lvsweb passwd: \(passwd.error)") }
            try Data("service = lvs\nprimary = 192.0.2.1\n".utf8).write(to: URL(fileURLWithPath: directory + "/lvs.cf"))
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func serve(_ arguments: [String]) throws -> TestProcess {
            try TestProcess(
                TestEnvironment.product("lvsweb"),
                [
                    "-n", "--password-file", password, "-c", directory + "/lvs.cf", "--runtime-directory",
                    directory + "/run",
                ]
                    + arguments)
        }
    }

    @Test func anotherAddressWithoutTLSIsRefusedWithTheReason() throws {
        let files = try Files()
        let result = try TestProcess.run(
            TestEnvironment.product("lvsweb"),
            ["-n", "--listen", "0.0.0.0", "--port", "3999", "--password-file", files.password])
        #expect(result.exitCode != 0)
        #expect(result.error.contains("refusing to listen on 0.0.0.0:3999 without TLS"), "\(result.error)")
        let half = try TestProcess.run(
            TestEnvironment.product("lvsweb"), ["-n", "--tls-certificate", files.certificate])
        #expect(half.exitCode != 0)
        #expect(half.error.contains("--tls-certificate and --tls-key go together"), "\(half.error)")
    }

    @Test func overTLSTheLoginIsServedAndItsCookieIsSecure() throws {
        let files = try Files()
        let port = Int.random(in: 30_000...39_999)
        let web = try files.serve([
            "--listen", "0.0.0.0", "--port", "\(port)", "--tls-certificate", files.certificate, "--tls-key", files.key,
        ])
        defer { web.kill() }
        let url = "https://127.0.0.1:\(port)"
        #expect(
            eventually(within: .seconds(10)) {
                (try? TestProcess.run("curl", ["-sk", "-o", "/dev/null", url + "/login"]))?.exitCode == 0
            }, "lvsweb serves TLS: \(web.standardErrorText)")
        // The certificate is the one made here, the login page is there, plain HTTP is not.
        let verified = try TestProcess.run(
            "curl",
            [
                "-s", "--cacert", files.certificate, "--resolve", "lvsweb.test:\(port):127.0.0.1",
                "-o", "/dev/null", "-w", "%{http_code}", "https://lvsweb.test:\(port)/login",
            ])
        #expect(verified.output == "200", "\(verified.error)")
        let plain = try TestProcess.run(
            "curl", ["-s", "-o", "/dev/null", "--max-time", "5", "http://127.0.0.1:\(port)/login"])
        #expect(plain.exitCode != 0)
        let login = try TestProcess.run(
            "curl",
            ["-sk", "-D", "-", "-o", "/dev/null", "--data", "user=piranha&password=tls+test+password", url + "/login"])
        let cookie = login.output.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") } ?? ""
        #expect(
            cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "\(login.output)")
    }

    @Test func aCertificateThatCannotBeReadStopsTheStartWithItsName() throws {
        let files = try Files()
        let result = try TestProcess.run(
            TestEnvironment.product("lvsweb"),
            [
                "-n", "--password-file", files.password, "--runtime-directory", files.directory + "/run",
                "--tls-certificate", files.directory + "/missing.pem", "--tls-key", files.key,
            ])
        #expect(result.exitCode == 1)
        #expect(result.error.contains("reading the TLS certificate \(files.directory)/missing.pem"), "\(result.error)")
    }
}
