#if canImport(Glibc)
import Glibc
#endif
import DaemonSupport
import Foundation
import LVSTestKit
import Testing

/// etc/pulse.init for real: start, status, reload, stop of a daemonized pulse (`--norun`) in a
/// namespace, with OPTIONS and RUNDIR from a sysconfig file.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct InitScriptTests {
    static let root = String(#filePath.split(separator: "/Tests/IntegrationTests/")[0])

    struct Setup {
        let lab: FailoverLab
        let sysconfig: String
        let log: DatagramListener
        var pidfile: String { lab.runtimeDirectory("d1") + "/pulse.pid" }

        func initScript(_ action: String) throws -> TestProcessResult {
            try lab["d1"].run(
                ["sh", InitScriptTests.root + "/etc/pulse.init", action],
                environment: ["PULSE": TestEnvironment.product("pulse"), "PULSE_SYSCONFIG": sysconfig],
                timeout: .seconds(40))
        }

        /// The daemon's PID, read from its pidfile.
        var pid: pid_t? {
            (try? String(contentsOfFile: pidfile, encoding: .utf8)).flatMap {
                pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }

    func setup() throws -> Setup {
        let lab = try FailoverLab()
        let config = try lab.write("lvs.cf", FailoverLab.config())
        let log = try DatagramListener(path: lab.directory + "/log.sock")
        let sysconfig = try lab.write(
            "pulse.sysconfig",
            """
            # as /etc/sysconfig/pulse
            OPTIONS="-c \(config) --norun --log-socket \(log.path)"
            RUNDIR=\(lab.runtimeDirectory("d1"))

            """)
        return Setup(lab: lab, sysconfig: sysconfig, log: log)
    }

    @Test func startStatusReloadStop() throws {
        let s = try setup()
        defer { if let pid = s.pid { kill(pid, SIGKILL) } }
        #expect(try s.initScript("status").exitCode == 3)
        #expect(try s.initScript("status").output == "pulse is stopped\n")

        let start = try s.initScript("start")
        #expect(start.exitCode == 0, "\(start.output)\(start.error)")
        let pid = try #require(s.pid)
        #expect(start.output == "Starting pulse: OK (PID \(pid))\n")
        // The lab's heartbeats have no key: the admin starting pulse is told, on the terminal.
        #expect(start.error.contains("pulse: hint: heartbeats are not authenticated"), "\(start.error)")
        #expect(try s.initScript("status").output == "pulse (PID \(pid)) is running\n")
        #expect(try s.initScript("start").output == "pulse is already running (PID \(pid))\n")
        #expect(eventually(within: .seconds(3)) { s.lab.holdsVIP("d1") }, "alone, it activates after deadtime")

        // reload: pulse re-reads the file it was started with.
        try s.lab.write("lvs.cf", FailoverLab.config(keepalive: "0.2", deadtime: "1"))
        let reload = try s.initScript("reload")
        #expect(reload.exitCode == 0)
        #expect(reload.output == "Reloading pulse: OK (PID \(pid); the outcome is in the system log)\n")
        #expect(eventually { (try? s.lab.status("d1"))?.keepalive == 0.2 })
        #expect(s.pid == pid, "a reload keeps the process")

        let stop = try s.initScript("stop")
        #expect(stop.exitCode == 0)
        #expect(stop.output == "Stopping pulse: OK\n")
        #expect(!Pidfile.isRunning(pid, program: "pulse"), "pulse exited (its parent may not have collected it yet)")
        #expect(!s.lab.holdsVIP("d1"))
        #expect(try s.initScript("status").exitCode == 3)
        #expect(try s.initScript("stop").output == "pulse is not running\n")
        let notRunning = try s.initScript("reload")
        #expect(notRunning.exitCode == 7 && notRunning.output == "pulse is not running\n")

        let lines = s.log.receiveAll()
        #expect(lines.contains { $0.contains(" pulse[\(pid)]: STARTING PULSE AS MASTER") })
        #expect(lines.contains { $0.contains(" pulse[\(pid)]: SIGHUP: re-reading \(s.lab.directory)/lvs.cf") })
        #expect(lines.contains { $0.contains(" pulse[\(pid)]: terminating due to SIGTERM") }, "\(lines)")
    }

    @Test func restartGivesANewProcess() throws {
        let s = try setup()
        defer { if let pid = s.pid { kill(pid, SIGKILL) } }
        #expect(try s.initScript("start").exitCode == 0)
        let first = try #require(s.pid)
        let restart = try s.initScript("restart")
        #expect(restart.exitCode == 0, "\(restart.output)\(restart.error)")
        let second = try #require(s.pid)
        #expect(second != first)
        #expect(restart.output == "Stopping pulse: OK\nStarting pulse: OK (PID \(second))\n")
        #expect(try s.initScript("stop").exitCode == 0)
    }

    @Test func aPulseThatExitedButWasNotYetCollectedIsNotRunning() throws {
        // A zombie named pulse (exited, its parent has not collected it: pulse's parent is init
        // once it daemonized, and some inits collect late) must not count as running, or a
        // restart would wait for it, kill it in vain and not start.
        let s = try setup()
        let bin = s.lab.directory + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/pulse", withDestinationPath: "/bin/true")
        // Spawned and collected here, not through TestProcess, whose isRunning would collect it.
        let pid = try ProcessSpawner.spawn(ChildProcessSpec(executable: bin + "/pulse")).pid
        defer { waitpid(pid, nil, 0) }
        #expect(
            eventually {
                (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8))?.contains("State:\tZ") == true
            })
        #expect((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) == "pulse\n")
        try FileManager.default.createDirectory(atPath: s.lab.runtimeDirectory("d1"), withIntermediateDirectories: true)
        try Data("\(pid)\n".utf8).write(to: URL(fileURLWithPath: s.pidfile))
        #expect(try s.initScript("status").exitCode == 1)
        #expect(try s.initScript("stop").output == "pulse is not running\n")
        let start = try s.initScript("start")
        #expect(start.exitCode == 0, "\(start.output)\(start.error)")
        #expect(s.pid != pid)
        let stop = try s.initScript("stop")
        #expect(
            stop.output == "Stopping pulse: OK\n",
            "\(stop.output)\(stop.error)\n\(s.log.receiveAll().joined(separator: "\n"))")
    }

    @Test func aFailedStartSaysWhyAndAStalePidfileIsReported() throws {
        let s = try setup()
        try s.lab.write("lvs.cf", "primary = 10.70.0.1\nbogus = 1\n")
        let start = try s.initScript("start")
        #expect(start.exitCode == 1)
        #expect(start.output.hasSuffix("FAILED\n"))
        #expect(start.error.contains("\(s.lab.directory)/lvs.cf:2:1: error: unknown key 'bogus'"), "\(start.error)")

        try FileManager.default.createDirectory(atPath: s.lab.runtimeDirectory("d1"), withIntermediateDirectories: true)
        try Data("999999\n".utf8).write(to: URL(fileURLWithPath: s.pidfile))
        let status = try s.initScript("status")
        #expect(status.exitCode == 1)
        #expect(status.output == "pulse is dead but its pidfile \(s.pidfile) exists\n")
        let usage = try s.initScript("bogus")
        #expect(usage.exitCode == 2 && usage.error.hasPrefix("usage: "))
    }
}
