import Glibc
import LVSTestKit
import Testing

/// `lvsd --check` and a start without IPVS: the built binary, its output and exit status.
@Suite struct LVSDCheckTests {
    @Test func checkAcceptsAValidFileWithASummary() throws {
        try withScratch { dir in
            let path = try dir.write("lvs.cf", validConfig(port: 80))
            let run = try TestProcess.run(
                TestEnvironment.product("lvsd"), ["--check", "-c", path], timeout: .seconds(30))
            #expect(run.exitCode == 0, "\(run.error)")
            #expect(
                run.output
                    == "\(path) OK: 1 virtual service (1 active), 2 real servers (2 active); primary 192.0.2.1, backup 192.0.2.2\n"
            )
            #expect(run.error == "")
        }
    }

    @Test func checkPrintsEveryProblemWithItsLineAndExitsOne() throws {
        try withScratch { dir in
            let path = try dir.write(
                "lvs.cf",
                validConfig(port: 80).replacingOccurrences(of: "weight = 1\n", with: "weight = -1\n")
                    + "bogus = 1\n")
            let run = try TestProcess.run(
                TestEnvironment.product("lvsd"), ["--check", "-c", path], timeout: .seconds(30))
            #expect(run.exitCode == 1)
            #expect(run.output == "")
            let lines = run.error.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("\(path):") && $0.contains(": error: ") && $0.contains("weight") })
            #expect(lines.contains { $0.hasPrefix("\(path):") && $0.contains(": error: ") && $0.contains("bogus") })
            #expect(lines.last?.hasSuffix("lvsd would not start") == true)
        }
    }

    @Test func checkOfAMissingFileSaysSo() throws {
        let run = try TestProcess.run(
            TestEnvironment.product("lvsd"), ["--check", "-c", "/nonexistent/lvs.cf"], timeout: .seconds(30))
        #expect(run.exitCode == 1)
        #expect(run.error == "lvsd: reading /nonexistent/lvs.cf: No such file or directory\n")
    }

    @Test func startWithABrokenFileDoesNotStart() throws {
        try withScratch { dir in
            let path = try dir.write("lvs.cf", "virtual v {\n")
            let run = try TestProcess.run(
                TestEnvironment.product("lvsd"), ["-n", "-c", path, "--runtime-directory", dir.path + "/run"],
                timeout: .seconds(30))
            #expect(run.exitCode == 1)
            #expect(run.error.contains("\(path):1:"))
            #expect(
                run.error.hasSuffix("lvsd: \(path) has 1 error; not starting\n") || run.error.contains("not starting"))
        }
    }

    /// This host kernel has no IPVS: lvsd says so in one line and exits 1 (in the guest, where
    /// IPVS exists, there is nothing to show).
    @Test(.enabled(if: !ipvsAvailable, "this kernel has IPVS"))
    func withoutIPVSLvsdFailsWithOneClearLine() throws {
        try withScratch { dir in
            let path = try dir.write("lvs.cf", validConfig(port: 80))
            let run = try TestProcess.run(
                TestEnvironment.product("lvsd"), ["-n", "-c", path, "--runtime-directory", dir.path + "/run"],
                timeout: .seconds(30))
            #expect(run.exitCode == 1)
            let lines = run.error.split(separator: "\n")
            #expect(lines.count == 1, "\(run.error)")
            #expect(
                run.error
                    == "lvsd: connecting to the kernel's IPVS: this kernel has no IPVS (generic netlink family \"IPVS\" not found); load it with `modprobe ip_vs`, or use a kernel built with CONFIG_IP_VS\n"
            )
            // Nothing was left behind: no pidfile, no socket.
            #expect(access(dir.path + "/run/lvsd.pid", F_OK) != 0)
        }
    }
}
