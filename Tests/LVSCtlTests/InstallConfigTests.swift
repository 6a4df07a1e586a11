import Foundation
import LVSTestKit
import Testing

/// `lvsctl install-config` and `revert-config` end to end: the built binary, stdin, exit status.
@Suite struct InstallConfigTests {
    func run(_ arguments: [String], input: String = "") throws -> TestProcessResult {
        try TestProcess.run(
            TestEnvironment.product("lvsctl"), arguments, standardInput: Array(input.utf8), timeout: .seconds(30))
    }

    @Test func installsAGoodFileAndRefusesABadOne() throws {
        let directory = NSTemporaryDirectory() + "lvsctl-install-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/lvs.cf"
        let good = "primary = 192.0.2.1\nservice = lvs\n"
        let installed = try run(["install-config", "-c", path], input: good)
        #expect(installed.exitCode == 0, "\(installed.error)")
        #expect(installed.output == "lvsctl: installed \(path) (previous version kept at \(path).previous)\n")
        let bad = try run(["install-config", "--file", path], input: good + "keepalive = soon\n")
        #expect(bad.exitCode == 1)
        #expect(bad.error.contains("\(path):3:"), "\(bad.error)")
        #expect(bad.error.contains("not installed"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == good)
        let reload = try run(
            ["install-config", "-c", path, "--reload", "--pulse-socket", directory + "/none.sock"],
            input: good + "keepalive = 2\n")
        #expect(reload.exitCode == 1, "installed, but pulse does not answer")
        #expect(reload.error.contains("pulse is not running"), "\(reload.error)")
        let reverted = try run(["revert-config", "-c", path])
        #expect(reverted.exitCode == 0, "\(reverted.error)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == good)
        let none = try run(["revert-config", "-c", directory + "/other.cf"])
        #expect(none.exitCode == 1)
        #expect(none.error.contains("no previous version"))
    }
}
