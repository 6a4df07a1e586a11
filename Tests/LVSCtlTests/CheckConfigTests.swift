import Foundation
import Glibc
import LVSConfig
import LVSTestKit
import Testing

/// `lvsctl check-config` end to end: the built binary, its whole output and its exit status.
@Suite struct CheckConfigTests {
    struct Run: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let root = String(#filePath.split(separator: "/Tests/LVSCtlTests/")[0])

    /// Runs the lvsctl built next to this test binary.
    func run(_ arguments: [String]) throws -> Run {
        let r = try TestProcess.run(TestEnvironment.product("lvsctl"), arguments, timeout: .seconds(30))
        return Run(status: r.exitCode, stdout: r.output, stderr: r.error)
    }

    /// Writes a file in a fresh temporary directory, runs the body, removes the directory.
    func withFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lvsctl-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("lvs.cf").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try body(path)
    }

    @Test func validSample() throws {
        let path = Self.root + "/etc/lvs.cf.nat"
        #expect(
            try run(["check-config", "-c", path])
                == Run(
                    status: 0,
                    stdout:
                        "\(path) OK: 2 virtual services (2 active), 5 real servers (5 active); primary 192.0.2.1, backup 192.0.2.2\n",
                    stderr: ""))
    }

    @Test func errorsAreAllPrintedAndExitOne() throws {
        let text = """
            primary = 192.0.2.1
            serial_no = 1 # first
            keepalive = 0
            virtual www {
                active = 1
                address = 192.0.2.10 eth0:1
                scheduler = WLC
            } junk

            """
        try withFile(text) { path throws in
            #expect(
                try run(["check-config", "--configfile", path])
                    == Run(
                        status: 1, stdout: "",
                        stderr: """
                            \(path):2:15: error: serial_no: a comment must start its own line ('#' after a value is not a comment)
                            \(path):3:13: error: keepalive: expected a number of seconds greater than 0, such as 2 or 0.5, got '0' (out of range)
                            \(path):4:1: warning: virtual: active virtual 'www' has no active real server
                            \(path):7:17: error: scheduler: invalid argument 'WLC': values are case-sensitive; did you mean 'wlc'?
                            \(path):8:3: error: }: unexpected 'junk' after '}'
                            \(path): 4 errors, 1 warning

                            """))
        }
    }

    @Test func warningsOnlyStillSucceed() throws {
        let text =
            "primary = 192.0.2.1\nnetwork = direct\nvirtual www {\n    active = 1\n    address = 192.0.2.10 eth0:1\n    server a {\n        address = 10.0.1.1\n        active = 1\n    }\n}\nheartbeat = 0\n"
        try withFile(text) { path throws in
            #expect(
                try run(["check-config", "-c", path])
                    == Run(
                        status: 0,
                        stdout:
                            "\(path) OK: 1 virtual service (1 active), 1 real server (1 active); primary 192.0.2.1, no backup (1 warning)\n",
                        stderr:
                            "\(path):11:13: warning: heartbeat: 0 has no effect: heartbeats are sent whenever backup_active = 1 (as under Piranha)\n"
                    ))
        }
    }

    /// A FIFO or /dev/zero given as lvs.cf: one clear line, at once, from each program that reads it.
    @Test func filesThatAreNotRegularAreRefusedAtOnce() throws {
        let directory = NSTemporaryDirectory() + "lvsctl-fifo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/lvs.cf"
        try #require(mkfifo(fifo, 0o600) == 0)
        let started = ContinuousClock.now
        #expect(
            try run(["check-config", "-c", fifo])
                == Run(
                    status: 1, stdout: "",
                    stderr: "lvsctl: check-config: reading \(fifo): not a regular file (it is a FIFO)\n"))
        #expect(
            try run(["check-config", "-c", "/dev/zero"])
                == Run(
                    status: 1, stdout: "",
                    stderr: "lvsctl: check-config: reading /dev/zero: not a regular file (it is a character device)\n"))
        let lvsd = try TestProcess.run(TestEnvironment.product("lvsd"), ["--check", "-c", fifo], timeout: .seconds(30))
        #expect(
            lvsd.exitCode == 1 && lvsd.error.contains("reading \(fifo): not a regular file (it is a FIFO)"),
            "\(lvsd.error)")
        let pulse = try TestProcess.run(
            TestEnvironment.product("pulse"), ["-n", "-c", "/dev/zero"], timeout: .seconds(30))
        #expect(
            pulse.exitCode == 1
                && pulse.error.contains("reading /dev/zero: not a regular file (it is a character device)"),
            "\(pulse.error)")
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    /// Heartbeats without a key: the file is fine (a hint, not a warning: Piranha's files had no
    /// key), and check-config says how to add one.
    @Test func unauthenticatedHeartbeatsGetAHint() throws {
        let text =
            "primary = 192.0.2.1\nbackup = 192.0.2.2\nbackup_active = 1\nnetwork = direct\nvirtual www {\n    active = 1\n    address = 192.0.2.10 eth0:1\n    server a {\n        address = 10.0.1.1\n        active = 1\n    }\n}\n"
        try withFile(text) { path throws in
            #expect(
                try run(["check-config", "-c", path])
                    == Run(
                        status: 0,
                        stdout:
                            "\(path) OK: 1 virtual service (1 active), 1 real server (1 active); primary 192.0.2.1, backup 192.0.2.2\nhint: \(LVSConfig.authenticationHint)\n",
                        stderr: ""))
        }
        try withFile(text + "heartbeat_key_file = /etc/sysconfig/ha/heartbeat.key\n") { path throws in
            #expect(try run(["check-config", "-c", path]).stdout.contains("hint:") == false)
        }
    }

    @Test func missingFile() throws {
        #expect(
            try run(["check-config", "-c", "/nonexistent/lvs.cf"])
                == Run(
                    status: 1, stdout: "",
                    stderr: "lvsctl: check-config: reading /nonexistent/lvs.cf: No such file or directory\n"))
        #expect(
            try run(["check-config", "-c", "/tmp"])
                == Run(
                    status: 1, stdout: "", stderr: "lvsctl: check-config: reading /tmp: Is a directory\n"))
    }

    @Test(
        .enabled(
            if: !FileManager.default.fileExists(atPath: LVSConfigFile.defaultPath),
            "this machine has an lvs.cf at the default path; the test needs it missing"))
    func defaultPathIsPiranhas() throws {
        #expect(
            try run(["check-config"])
                == Run(
                    status: 1, stdout: "",
                    stderr: "lvsctl: check-config: reading /etc/sysconfig/ha/lvs.cf: No such file or directory\n"))
    }

    @Test func jsonPrintsTheModel() throws {
        let path = Self.root + "/etc/lvs.cf.direct-routing"
        let r = try run(["check-config", "-c", path, "--json"])
        #expect(r.status == 0 && r.stderr == "")
        let decoded = try JSONDecoder().decode(LVSConfig.self, from: Data(r.stdout.utf8))
        let expected = LVSConfigParser().parse(try LVSConfigFile.read(path), file: path).config
        #expect(decoded == expected)
        #expect(r.stdout.contains(#""keepalive" : 0.2"#))
        #expect(r.stdout.contains(#""keyFile" : "/etc/sysconfig/ha/heartbeat.key""#))
        #expect(r.stdout.hasPrefix("{\n") && r.stdout.hasSuffix("}\n"))
    }

    @Test func jsonWithErrorsPrintsNoModel() throws {
        try withFile("primary = 0.0.0.0\n") { path throws in
            let r = try run(["check-config", "-c", path, "--json"])
            #expect(r.status == 1 && r.stdout == "")
            #expect(r.stderr.contains("\n\(path):1:11: error: primary: invalid host name or ip address '0.0.0.0'"))
            #expect(r.stderr.hasSuffix("\(path): 1 error, 1 warning\n"))
        }
    }

    @Test func usageErrors() throws {
        let r = try run(["check-config", "--bogus"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("Unknown option '--bogus'"))
        let help = try run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("check-config"))
    }
}
