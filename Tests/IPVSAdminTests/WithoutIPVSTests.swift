import LVSTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Whether IPVS is missing here and no module can bring it (and ipvsadm is installed to compare).
func kernelLacksIPVS() -> Bool {
    guard access("/proc/net/ip_vs", F_OK) != 0, access("/usr/sbin/ipvsadm", X_OK) == 0 else { return false }
    let dryRun = try? TestProcess.run("/sbin/modprobe", ["-n", "ip_vs"], timeout: .seconds(20))
    return dryRun.map { $0.exitCode != 0 } ?? false
}

/// On a kernel without IPVS (and no module to load), lvsadm fails the way ipvsadm does. Runs where
/// that is the case, such as the development machines; elsewhere the kernel layer covers lvsadm.
@Suite(
    .enabled(
        if: kernelLacksIPVS(), "this kernel has IPVS: the kernel layer (LVSROUTER_KERNEL_TESTS=1) compares lvsadm there"
    ))
struct WithoutIPVSTests {
    @Test(arguments: [["-L", "-n"], ["-A", "-t", "10.0.0.1:80"], ["-h"]])
    func saysWhatIpvsadmSays(arguments: [String]) throws {
        let reference = try TestProcess.run("/usr/sbin/ipvsadm", arguments, timeout: .seconds(20))
        let ours = try TestProcess.run(TestEnvironment.product("lvsadm"), arguments, timeout: .seconds(20))
        #expect(reference.exitCode == 2)
        #expect(ours.exitCode == reference.exitCode)
        #expect(ours.error == reference.error)
        #expect(ours.output == reference.output)
        #expect(ours.error.contains("Can't initialize ipvs: Protocol not available\n"))
    }
}
