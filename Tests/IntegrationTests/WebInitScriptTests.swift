#if canImport(Glibc)
import Glibc
#endif
import DaemonSupport
import Foundation
import LVSTestKit
import Testing

/// etc/lvsweb.init for real: start, status, stop of a daemonized lvsweb, with OPTIONS and RUNDIR
/// from a sysconfig file; a start that cannot work says why on the admin's terminal.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root (LVSROUTER_HOST_TESTS=1)"))
struct WebInitScriptTests {
    static let root = String(#filePath.split(separator: "/Tests/IntegrationTests/")[0])

    final class Setup {
        let directory = NSTemporaryDirectory() + "lvsweb-init-\(getpid())-\(UUID().uuidString.prefix(8))"
        var sysconfig: String { directory + "/lvsweb.sysconfig" }
        var pidfile: String { directory + "/run/lvsweb.pid" }
        let port = Int.random(in: 20_000...29_999)

        init(passwordMode: mode_t = 0o600) throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let passwd = try TestProcess.run(
                TestEnvironment.product("lvsweb"), ["passwd", "--password-file", directory + "/passwd"],
                standardInput: Array("init script test\n".utf8))
            guard passwd.exitCode == 0 else { throw LabError("lvsweb passwd: \(passwd.error)") }
            chmod(directory + "/passwd", passwordMode)
            try Data("service = lvs\nprimary = 192.0.2.1\n".utf8).write(to: URL(fileURLWithPath: directory + "/lvs.cf"))
            let log = directory + "/nolog.sock"
            try Data(
                """
                # as /etc/sysconfig/lvsweb
                OPTIONS="--port \(port) --password-file \(directory)/passwd -c \(directory)/lvs.cf --log-socket \(log)"
                RUNDIR=\(directory)/run

                """.utf8
            ).write(to: URL(fileURLWithPath: sysconfig))
        }

        deinit {
            if let pid { kill(pid, SIGKILL) }
            try? FileManager.default.removeItem(atPath: directory)
        }

        func initScript(_ action: String) throws -> TestProcessResult {
            try TestProcess.run(
                "sh", [WebInitScriptTests.root + "/etc/lvsweb.init", action],
                environment: ["LVSWEB": TestEnvironment.product("lvsweb"), "LVSWEB_SYSCONFIG": sysconfig],
                timeout: .seconds(40))
        }

        var pid: pid_t? {
            (try? String(contentsOfFile: pidfile, encoding: .utf8)).flatMap {
                pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }

    @Test func startStatusStop() throws {
        let s = try Setup()
        #expect(try s.initScript("status").exitCode == 3)
        let start = try s.initScript("start")
        #expect(start.exitCode == 0, "\(start.output)\(start.error)")
        let pid = try #require(s.pid)
        #expect(start.output == "Starting lvsweb: OK (PID \(pid))\n")
        // It listens by the time the init script returns: the login page answers.
        let login = try TestProcess.run(
            "curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(s.port)/login"])
        #expect(login.output == "200")
        #expect(try s.initScript("status").output == "lvsweb (PID \(pid)) is running\n")
        #expect(try s.initScript("start").output == "lvsweb is already running (PID \(pid))\n")
        let stop = try s.initScript("stop")
        #expect(stop.output == "Stopping lvsweb: OK\n")
        #expect(!Pidfile.isRunning(pid, program: "lvsweb"))
        #expect(try s.initScript("status").exitCode == 3)
    }

    @Test func aPasswordFileOthersCanReadStopsTheStartWithItsReason() throws {
        let s = try Setup(passwordMode: 0o644)
        let start = try s.initScript("start")
        #expect(start.exitCode == 1)
        #expect(start.output == "Starting lvsweb: FAILED\n")
        #expect(start.error.contains("mode 644 lets other users read or write it"), "\(start.error)")
        #expect(s.pid == nil)
    }
}
