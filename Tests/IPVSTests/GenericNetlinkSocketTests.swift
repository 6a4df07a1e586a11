import LVSTestKit
import Testing

@testable import IPVS

#if canImport(Glibc)
import Glibc
#endif

/// Whether this kernel has no IPVS and cannot load it (as on the development machines).
func kernelHasNoIPVS() -> Bool {
    guard access("/proc/net/ip_vs", F_OK) != 0 else { return false }
    let dryRun = try? TestProcess.run("/sbin/modprobe", ["-n", "ip_vs"], timeout: .seconds(20))
    return dryRun.map { $0.exitCode != 0 } ?? false
}

@Suite struct GenericNetlinkSocketTests {
    @Test func aMissingNamespaceIsNamedInTheError() {
        #expect(throws: IPVSError(.connect, .system(call: "open(/run/netns/lvs-no-such-ns)", errno: ENOENT))) {
            try GenericNetlinkSocket(namespacePath: "/run/netns/lvs-no-such-ns")
        }
    }

    @Test(.enabled(if: kernelHasNoIPVS(), "this kernel has IPVS: the kernel layer (LVSROUTER_KERNEL_TESTS=1) uses it"))
    func withoutIPVSTheErrorSaysSoAndHowToFixIt() {
        do {
            _ = try GenericNetlinkSocket()
            Issue.record("a socket on a kernel without IPVS")
        } catch {
            #expect(error == IPVSError(.connect, .ipvsUnavailable))
            #expect(error.description.contains("modprobe ip_vs"))
        }
    }
}
