import Foundation
import Glibc
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
        #expect(reload.error.contains("\(path) stays installed"), "\(reload.error)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == good + "keepalive = 2\n")
        let same = try run(["install-config", "-c", path], input: good + "keepalive = 2\n")
        #expect(same.exitCode == 0, "\(same.error)")
        #expect(same.output == "lvsctl: \(path) unchanged (the same bytes)\n")
        let reverted = try run(["revert-config", "-c", path])
        #expect(reverted.exitCode == 0, "\(reverted.error)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == good)
        let none = try run(["revert-config", "-c", directory + "/other.cf"])
        #expect(none.exitCode == 1)
        #expect(none.error.contains("no previous version"))
    }

    /// A directory of the test's own, removed afterwards.
    func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = NSTemporaryDirectory() + "lvsctl-install-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test func aNonBlockingStandardInputIsReadToItsEnd() throws {
        try withDirectory { directory in
            let path = directory + "/lvs.cf"
            // A FIFO whose read end is non-blocking (both ends opened close-on-exec at once),
            // given to lvsctl as its standard input (bash duplicates the descriptor, so the flag
            // stays), the file sent in two pieces.
            let fifo = directory + "/input"
            try #require(mkfifo(fifo, 0o600) == 0)
            let ends = [open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC), open(fifo, O_WRONLY | O_CLOEXEC)]
            try #require(ends[0] >= 0 && ends[1] >= 0)
            // An lvsctl that stopped after the first piece (the fault this test is for) must fail
            // the test, not kill the test process with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            let process = try TestProcess(
                "/bin/bash",
                ["-c", "exec \"$0\" install-config -c \"$1\" <&\(ends[0])", TestEnvironment.product("lvsctl"), path],
                passing: [ends[0]])
            close(ends[0])
            let first = "primary = 192.0.2.1\nservice = lvs\n"
            let second = "keepalive = 2\n"
            _ = first.utf8CString.withUnsafeBytes { Glibc.write(ends[1], $0.baseAddress, first.utf8.count) }
            usleep(500_000)
            _ = second.utf8CString.withUnsafeBytes { Glibc.write(ends[1], $0.baseAddress, second.utf8.count) }
            close(ends[1])
            let result = try process.wait(timeout: .seconds(30))
            #expect(result.exitCode == 0, "\(result.error)")
            #expect(
                try String(contentsOfFile: path, encoding: .utf8) == first + second, "not cut after the first piece")
        }
    }

    @Test func tooMuchInputInstallsNothing() throws {
        try withDirectory { directory in
            let path = directory + "/lvs.cf"
            let result = try TestProcess.run(
                TestEnvironment.product("lvsctl"), ["install-config", "-c", path],
                standardInput: [UInt8](repeating: 0x0A, count: (16 << 20) + 1), timeout: .seconds(30))
            #expect(result.exitCode == 1)
            #expect(
                result.error == "lvsctl: install-config: standard input is larger than 16 MiB; nothing installed\n")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func aSymbolicLinkIsNotReplaced() throws {
        try withDirectory { directory in
            let path = directory + "/lvs.cf"
            try Data("primary = 192.0.2.1\nservice = lvs\n".utf8).write(to: URL(fileURLWithPath: directory + "/real"))
            symlink(directory + "/real", path)
            let result = try run(["install-config", "-c", path], input: "primary = 192.0.2.2\nservice = lvs\n")
            #expect(result.exitCode == 1)
            #expect(
                result.error
                    == "lvsctl: install-config: \(path): not a regular file (it is a symbolic link); left alone, nothing was written\n"
            )
            #expect(try String(contentsOfFile: directory + "/real", encoding: .utf8).contains("192.0.2.1"))
        }
    }
}
