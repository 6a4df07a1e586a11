import LVSTestKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What `scripts/vm run` promises the command: root, `lo` up, ip_vs and every scheduler loaded.
@Suite(.kernelLayer)
struct GuestEnvironmentTests {
    @Test func runsAsRoot() {
        #expect(TestEnvironment.isRoot)
    }

    @Test func loopbackIsUp() throws {
        let flags = try TestProcess.run("cat", ["/sys/class/net/lo/flags"]).output
        let value = UInt32(flags.trimmingPrefix("0x").prefix { $0.isHexDigit }, radix: 16)
        let up: UInt32 = 0x1  // IFF_UP
        #expect(value.map { $0 & up != 0 } == true, "lo flags: \(flags)")
    }

    @Test func ipvsAndEverySchedulerAreLoaded() throws {
        let modules = KernelModules.running
        #expect(access("/proc/net/ip_vs", F_OK) == 0, "/proc/net/ip_vs is missing")
        let schedulers = try modules.ipvsSchedulerModules()
        #expect(!schedulers.isEmpty)
        for module in ["ip_vs"] + schedulers {
            #expect(try modules.isPresent(module), "\(module) is not loaded in kernel \(KernelModules.release)")
        }
    }
}
