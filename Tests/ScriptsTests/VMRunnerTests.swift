import LVSTestKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `scripts/vm` refuses bad usage before it sets anything up: status 125 and a message naming it.
@Suite struct VMRunnerUsageTests {
    @Test(arguments: [
        (["run", "--timeout", "soon", "--", "true"], "run: --timeout 'soon' is not a whole number of seconds > 0"),
        (["run", "--memory", "64", "--", "true"], "run: --memory '64' is not a whole number of MB >= 128"),
        (["run"], "run: no command given"),
        (["run", "--bogus", "--", "true"], "run: unknown option '--bogus'"),
    ])
    func badRunUsage(arguments: [String], message: String) throws {
        let result = try TestProcess.run(try TestEnvironment.script("vm"), arguments, timeout: .seconds(30))
        #expect(result.exitCode == 125)
        #expect(result.error.hasPrefix("scripts/vm: \(message)"), "stderr: \(result.error)")
        #expect(result.output.isEmpty)
    }

    @Test func unknownCommandIsAnError() throws {
        let result = try TestProcess.run(try TestEnvironment.script("vm"), ["frobnicate"], timeout: .seconds(30))
        #expect(result.exitCode == 1)
        #expect(result.error == "scripts/vm: unknown command 'frobnicate' (see scripts/vm --help)\n")
    }

    @Test func helpDocumentsTheCommands() throws {
        let result = try TestProcess.run(try TestEnvironment.script("vm"), ["--help"], timeout: .seconds(30))
        #expect(result.exitCode == 0)
        for word in ["scripts/vm setup", "scripts/vm run", "--timeout", "--kvm", "125", "LVSROUTER_"] {
            #expect(result.output.contains(word), "--help does not mention \(word)")
        }
    }
}

#if arch(x86_64)
/// `scripts/vm run` with a QEMU guest: what comes back is the command's exit status and output,
/// a hung guest is killed, and nothing is left running. (Where this kernel has IPVS, `run` takes
/// the namespace path instead; KernelTests cover that one.)
@Suite(
    .enabled(if: TestEnvironment.hostTestsEnabled && !hostHasIPVS, "boots QEMU guests as root (LVSROUTER_HOST_TESTS=1)")
)
struct VMRunnerTests {
    @Test func commandRunsInTheCallersDirectoryWithItsStatusOutputAndVariables() throws {
        let directory = try #require(makeTemporaryDirectory(), "mkdtemp: \(String(cString: strerror(errno)))")
        defer { _ = try? TestProcess.run("rm", ["-rf", directory]) }
        let vm = try TestEnvironment.script("vm")
        let command =
            #"pwd; printf '[%s]' "$@"; echo; echo "$LVSROUTER_VMTEST"; echo "${OTHER_VMTEST-unset}"; echo to-stderr >&2; exit 3"#
        let result = try TestProcess.run(
            "/bin/sh",
            [
                "-c", "cd \"$0\" && exec \"$@\"", directory, vm, "run", "--timeout", "300", "--",
                "/bin/sh", "-c", command, "sh", "a b", "c'd", "$x", "*",
            ],
            environment: ["LVSROUTER_VMTEST": "it's \"quoted\"\nover two lines", "OTHER_VMTEST": "x"],
            timeout: .seconds(360))
        #expect(result.exitCode == 3, "stderr: \(result.error)")
        #expect(
            result.output == """
                \(directory)
                [a b][c'd][$x][*]
                it's "quoted"
                over two lines
                unset
                to-stderr

                """)
        #expect(result.error.contains("running in a QEMU guest"))
    }

    @Test func setupIsIdempotent() throws {
        let vm = try TestEnvironment.script("vm")
        let first = try TestProcess.run(vm, ["setup"], timeout: .seconds(900))
        try #require(first.exitCode == 0, "scripts/vm setup: \(first.error)")
        let root = try #require(TestEnvironment.packageRoot)
        let before = try TestProcess.run("stat", ["-c", "%Y %i", root + "/.vm/initramfs.cpio.gz"]).output
        let second = try TestProcess.run(vm, ["setup"], timeout: .seconds(120))
        #expect(second.exitCode == 0)
        // Nothing left to do: only the closing line, and the initramfs untouched.
        #expect(second.error.hasPrefix("==> guest ready: kernel "), "stderr: \(second.error)")
        #expect(second.error.split(separator: "\n").count == 1, "stderr: \(second.error)")
        #expect(try TestProcess.run("stat", ["-c", "%Y %i", root + "/.vm/initramfs.cpio.gz"]).output == before)
    }

    @Test func aHungGuestIsKilledAtTheTimeoutWithStatus125() throws {
        let vm = try setUpGuest()
        let start = ContinuousClock.now
        let runner = try TestProcess(vm, ["run", "--timeout", "10", "--", "sleep", "600"])
        let result = try runner.wait(timeout: .seconds(60))
        #expect(result.exitCode == 125)
        #expect(result.error.contains("did not finish within 10 s"), "stderr: \(result.error)")
        #expect(ContinuousClock.now - start < .seconds(40))
        // QEMU ran in the runner's process group; none of it may outlive the runner.
        #expect(processGroupIsEmpty(runner.pid))
    }

    @Test func stoppingTheRunnerStopsItsGuest() throws {
        let vm = try setUpGuest()
        let runner = try TestProcess(vm, ["run", "--", "sleep", "600"])
        defer { runner.kill() }
        var booting = false
        for _ in 0..<1200 where !booting {
            booting = processNames(inGroup: runner.pid).contains { $0.hasPrefix("qemu-system") }
            if !booting { usleep(100_000) }
        }
        try #require(booting, "no QEMU process appeared within 120 s")
        runner.signal(SIGTERM)
        let result = try runner.wait(timeout: .seconds(30))
        #expect(result.exitCode == 128 + SIGTERM)
        #expect(processGroupIsEmpty(runner.pid))
    }
}

/// `scripts/vm setup`, so that a test timing a run does not time the set-up of a fresh machine
/// (packages, kernel download); returns the path of scripts/vm.
func setUpGuest() throws -> String {
    let vm = try TestEnvironment.script("vm")
    let setup = try TestProcess.run(vm, ["setup"], timeout: .seconds(900))
    try #require(setup.exitCode == 0, "scripts/vm setup: \(setup.error)")
    return vm
}

/// Whether this kernel has IPVS: `scripts/vm run` then uses a namespace, not a guest.
let hostHasIPVS = access("/proc/net/ip_vs", F_OK) == 0

/// True when no process is left in process group `group` (ESRCH from kill(-group, 0)).
func processGroupIsEmpty(_ group: pid_t) -> Bool {
    kill(-group, 0) == -1 && errno == ESRCH
}

/// The command names (`comm`) of the processes in process group `group`.
func processNames(inGroup group: pid_t) -> [String] {
    guard let listing = try? TestProcess.run("ps", ["-e", "-o", "pgid=,comm="], timeout: .seconds(10)) else {
        return []
    }
    return listing.output.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: " ", maxSplits: 1)
        guard fields.count == 2, pid_t(fields[0]) == group else { return nil }
        return String(fields[1])
    }
}

/// A new directory under /tmp (nil if mkdtemp fails); the caller removes it.
func makeTemporaryDirectory() -> String? {
    var template = Array("/tmp/lvsvmtestXXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) }
}
#endif
