import LVSTestKit
import Testing

extension Trait where Self == ConditionTrait {
    /// Runs a suite only in the kernel layer: inside the guest of `scripts/vm` (or a namespace on
    /// a kernel with IPVS), where `scripts/test` sets `LVSROUTER_KERNEL_TESTS=1`.
    ///
    /// The comment names the variable: `scripts/test` tells kernel-layer skips from others by it.
    static var kernelLayer: Self {
        .enabled(
            if: TestEnvironment.kernelTestsEnabled,
            "needs real IPVS: runs in the kernel layer (scripts/vm run, LVSROUTER_KERNEL_TESTS=1)")
    }
}

/// `ipvsadm ARGS` inside `namespace`; throws with ipvsadm's stderr unless it exits 0.
@discardableResult
func ipvsadm(_ arguments: String..., in namespace: NetworkNamespace) throws -> String {
    try namespace.runChecked(["ipvsadm"] + arguments, timeout: .seconds(30))
}
