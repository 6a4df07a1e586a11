import DaemonSupport
import Glibc
import HealthCheck
import Testing

@Suite struct ExternalProgramCheckTests {
    func check(_ command: String, expect: String?) -> ExternalProgramCheck {
        ExternalProgramCheck(command: command, endpoint: loopback(8080), expect: expect.map(bytes))
    }

    @Test func placeholdersAreSubstitutedWithoutAShell() {
        let check = ExternalProgramCheck(
            command: "/usr/bin/check  -H %h\t--port=%p %x $HOME", endpoint: loopback(8443), expect: nil)
        #expect(check.arguments == ["/usr/bin/check", "-H", "127.0.0.1", "--port=8443", "%x", "$HOME"])
    }

    @Test func outputEqualToExpectPasses() throws {
        let harness = try CheckHarness()
        let result = harness.result(of: check("/bin/echo OK %h %p", expect: "OK 127.0.0.1 8080"))
        #expect(result == .passed("check program /bin/echo printed \"OK 127.0.0.1 8080\""))
    }

    @Test func emptyOutputFails() throws {
        let harness = try CheckHarness()
        let result = harness.result(of: check("/bin/true", expect: "OK"))
        #expect(result == .failed("check program /bin/true printed nothing (expected \"OK\")"))
    }

    @Test func otherOutputFails() throws {
        let harness = try CheckHarness()
        let result = harness.result(of: check("/bin/echo DEGRADED", expect: "OK"))
        #expect(result == .failed("check program /bin/echo printed \"DEGRADED\", expected \"OK\""))
    }

    @Test func withoutExpectTheExitStatusDecides() throws {
        let harness = try CheckHarness()
        #expect(
            harness.result(of: check("/bin/true", expect: nil))
                == .passed("check program /bin/true exited with status 0"))
        #expect(
            harness.result(of: check("/bin/false", expect: nil))
                == .failed("check program /bin/false exited with status 1"))
    }

    /// A hung program (here a shell with a child of its own) is killed, with its whole process
    /// group, when the timeout passes.
    @Test func hangingProgramIsKilledAtTheTimeout() throws {
        let harness = try CheckHarness()
        let directory = "/tmp/lvs-health-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(directory, 0o700)
        defer { unlink("\(directory)/grandchild"); rmdir(directory) }
        // No shell is involved, so the hanging program is a script file.
        let scriptPath = "\(directory)/hang.sh"
        let fd = open(scriptPath, O_WRONLY | O_CREAT | O_TRUNC, 0o700)
        let descriptor = FileDescriptor(rawValue: fd)
        try descriptor.writeAll(bytes("#!/bin/sh\nsleep 30 &\necho $! > \(directory)/grandchild\nwait\n"))
        descriptor.closeQuietly()
        defer { unlink(scriptPath) }

        let (result, took) = harness.timedResult(of: check(scriptPath, expect: "OK"), timeout: .milliseconds(300))
        #expect(result == .failed("check program \(scriptPath) did not finish within 0.3 s and was killed"))
        #expect(took < .seconds(2), "took \(took)")
        // The grandchild (sleep 30) was in the same process group: it must be gone too.
        let grandchildFD = open("\(directory)/grandchild", O_RDONLY)
        let grandchildText = String(
            decoding: (try? FileDescriptor(rawValue: grandchildFD).read(upTo: 32)) ?? [], as: UTF8.self)
        close(grandchildFD)
        let grandchild = try #require(pid_t(grandchildText.split(separator: "\n").first ?? ""))
        var gone = false
        for _ in 0..<100 {
            // kill(pid, 0) fails once it is reaped by init; a zombie still shows as "Z" in /proc.
            if kill(grandchild, 0) != 0 || Pidfile.processName(grandchild) == nil { gone = true; break }
            let stat = String(decoding: (try? readFile("/proc/\(grandchild)/stat")) ?? [], as: UTF8.self)
            if stat.contains(") Z ") { gone = true; break }
            usleep(10_000)
        }
        #expect(gone, "the check program's own child \(grandchild) survived the timeout")
    }

    @Test func missingProgramFails() throws {
        let harness = try CheckHarness()
        let result = harness.result(of: check("/nonexistent/probe %h", expect: "OK"))
        #expect(result == .failed("check program /nonexistent/probe: No such file or directory"))
    }

    @Test func verdictRules() {
        let c = check("/x", expect: "OK")
        #expect(
            c.verdict(output: bytes("OK\n"), status: .exited(3)).isPassed,
            "exit status ignored when expect is set, as in Piranha")
        #expect(!c.verdict(output: bytes("OK\n\n"), status: .exited(0)).isPassed, "only one newline is removed")
        #expect(
            c.verdict(output: bytes("OK"), status: .signaled(.kill))
                == .failed("check program /x was killed by SIGKILL"))
    }
}

func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw SystemCallError(call: "open", object: path, errno: errno) }
    let descriptor = FileDescriptor(rawValue: fd)
    defer { descriptor.closeQuietly() }
    var all: [UInt8] = []
    while let chunk = try descriptor.read(upTo: 4096), !chunk.isEmpty { all += chunk }
    return all
}
