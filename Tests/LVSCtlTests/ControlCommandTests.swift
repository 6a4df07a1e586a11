import Foundation
import LVSTestKit
import Testing

/// The control subcommands without a daemon: one clear line and exit 1, or a usage error.
@Suite struct ControlCommandTests {
    func run(_ arguments: [String]) throws -> TestProcessResult {
        try TestProcess.run(TestEnvironment.product("lvsctl"), arguments, timeout: .seconds(30))
    }

    let nowhere = "/nonexistent-lvsctl-test/pulse.sock"

    @Test(arguments: ["status", "failover", "takeover", "reload"])
    func pulseNotRunningIsOneLineAndExitOne(command: String) throws {
        let result = try run([command, "--pulse-socket", nowhere])
        #expect(result.exitCode == 1)
        #expect(result.output.isEmpty)
        #expect(result.error == "lvsctl: pulse is not running (no socket at \(nowhere))\n")
    }

    @Test(arguments: ["drain", "enable"])
    func lvsdNotRunningIsOneLineAndExitOne(command: String) throws {
        let result = try run([
            command, "10.0.1.10:80", "--lvsd-socket", "/nonexistent-lvsctl-test/lvsd.sock", "--pulse-socket", nowhere,
        ])
        #expect(result.exitCode == 1)
        #expect(result.error == "lvsctl: lvsd is not running (no socket at /nonexistent-lvsctl-test/lvsd.sock)\n")
    }

    @Test func aBadRealServerIsAUsageError() throws {
        let result = try run(["drain", "10.0.1.10:http"])
        #expect(result.exitCode == 64)
        #expect(
            result.error.contains("'10.0.1.10:http' is not a real server: expected ADDRESS or ADDRESS:PORT"),
            "\(result.error)")
    }

    @Test func aStaleSocketIsNotRunning() throws {
        let directory = NSTemporaryDirectory() + "lvsctl-stale-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/pulse.sock"
        // A socket file nobody listens on: python binds it and exits.
        _ = try TestProcess.run("python3", ["-c", "import socket; socket.socket(socket.AF_UNIX).bind('\(path)')"])
        let result = try run(["status", "--pulse-socket", path])
        #expect(result.exitCode == 1)
        #expect(result.error == "lvsctl: pulse is not running (nothing answers at \(path))\n")
    }
}
