#if canImport(Glibc)
import Glibc
#endif
import DaemonSupport
import Foundation
import LVSTestKit
import Testing

/// scripts/install into a temporary prefix, twice, from this build's products; the unit passes
/// `systemd-analyze verify`.
@Suite(.enabled(if: TestEnvironment.hostTestsEnabled, "needs root (LVSROUTER_HOST_TESTS=1)"))
struct InstallTests {
    static let root = String(#filePath.split(separator: "/Tests/IntegrationTests/")[0])

    func install(_ prefix: String) throws -> TestProcessResult {
        try TestProcess.run(
            Self.root + "/scripts/install",
            ["--prefix", prefix, "--from", TestEnvironment.productsDirectory, "--no-strip"],
            timeout: .seconds(120))
    }

    @Test func installsEverythingOnceAndChangesNothingTheSecondTime() throws {
        let prefix = NSTemporaryDirectory() + "lvs-install-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let first = try install(prefix)
        #expect(first.exitCode == 0, "\(first.error)")
        let lines = first.output.split(separator: "\n").map(String.init)
        for path in [
            "/usr/sbin/pulse", "/usr/sbin/lvsctl", "/usr/sbin/send_arp", "/etc/init.d/pulse",
            "/lib/systemd/system/pulse.service", "/etc/sysconfig/pulse", "/usr/share/doc/lvsrouter/examples/lvs.cf.nat",
            "/usr/sbin/fos", "/usr/sbin/lvsweb", "/etc/init.d/lvsweb", "/lib/systemd/system/lvsweb.service",
            "/etc/sysconfig/lvsweb",
        ] {
            #expect(lines.contains("installed \(prefix)\(path)"), "\(path): \(lines)")
        }
        var info = stat()
        #expect(stat(prefix + "/usr/sbin/pulse", &info) == 0 && info.st_mode & 0o777 == 0o755)
        #expect(stat(prefix + "/etc/init.d/pulse", &info) == 0 && info.st_mode & 0o777 == 0o755)
        #expect(stat(prefix + "/lib/systemd/system/pulse.service", &info) == 0 && info.st_mode & 0o777 == 0o644)
        let version = try TestProcess.run(prefix + "/usr/sbin/pulse", ["--version"])
        #expect(version.output == SuiteVersion.line(for: "pulse") + "\n")
        let web = try TestProcess.run(prefix + "/usr/sbin/lvsweb", ["--version"])
        #expect(web.output == SuiteVersion.line(for: "lvsweb") + "\n")

        // The admin edits the sysconfig file; a second run keeps it and changes nothing else.
        try Data("OPTIONS=\"--forceactive\"\n".utf8).write(to: URL(fileURLWithPath: prefix + "/etc/sysconfig/pulse"))
        let second = try install(prefix)
        #expect(second.exitCode == 0)
        let again = second.output.split(separator: "\n").map(String.init)
        #expect(again.allSatisfy { $0.hasPrefix("unchanged ") || $0.hasPrefix("kept ") }, "\(again)")
        #expect(again.contains("kept \(prefix)/etc/sysconfig/pulse (exists)"))
        #expect(
            try String(contentsOfFile: prefix + "/etc/sysconfig/pulse", encoding: .utf8)
                == "OPTIONS=\"--forceactive\"\n")
        #expect(again.count == lines.count)
    }

    @Test(.enabled(if: access("/usr/bin/systemd-analyze", X_OK) == 0, "systemd-analyze is not installed here"))
    func theUnitsPassSystemdAnalyzeVerify() throws {
        let prefix = NSTemporaryDirectory() + "lvs-unit-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        #expect(try install(prefix).exitCode == 0)
        let webUnit = try String(contentsOfFile: prefix + "/lib/systemd/system/lvsweb.service", encoding: .utf8)
        let webCopy = prefix + "/lvsweb.service"
        try Data(webUnit.replacing("/usr/sbin/lvsweb", with: prefix + "/usr/sbin/lvsweb").utf8).write(
            to: URL(fileURLWithPath: webCopy))
        let webVerify = try TestProcess.run("systemd-analyze", ["verify", webCopy], timeout: .seconds(60))
        #expect(webVerify.exitCode == 0 && webVerify.output.isEmpty && webVerify.error.isEmpty, "\(webVerify.error)")
        // The unit names /usr/sbin/pulse; point it at the installed copy so verify can check it.
        let unit = try String(contentsOfFile: prefix + "/lib/systemd/system/pulse.service", encoding: .utf8)
        let copy = prefix + "/pulse.service"
        try Data(unit.replacing("/usr/sbin/pulse", with: prefix + "/usr/sbin/pulse").utf8).write(
            to: URL(fileURLWithPath: copy))
        let verify = try TestProcess.run("systemd-analyze", ["verify", copy], timeout: .seconds(60))
        #expect(verify.exitCode == 0)
        #expect(verify.output.isEmpty && verify.error.isEmpty, "\(verify.output)\(verify.error)")
        #expect(unit.contains("ExecReload=/bin/kill -HUP $MAINPID") && unit.contains("Restart=on-failure"))
        #expect(
            unit.contains("EnvironmentFile=-/etc/sysconfig/pulse")
                && unit.contains("ExecStart=/usr/sbin/pulse $OPTIONS"))
    }

    @Test func aMissingProgramIsNamed() throws {
        let prefix = NSTemporaryDirectory() + "lvs-missing-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let result = try TestProcess.run(
            Self.root + "/scripts/install", ["--prefix", prefix, "--from", "/nonexistent"])
        #expect(result.exitCode == 1)
        #expect(result.error.contains("error: /nonexistent/pulse: no such program"), "\(result.error)")
    }
}
