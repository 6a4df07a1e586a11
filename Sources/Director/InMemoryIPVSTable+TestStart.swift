import IPVS
import LVSConfig

extension InMemoryIPVSTable {
    /// The table lvsd programs under `--test-start` on a kernel without IPVS (or one it cannot
    /// read): the kernel's model, empty, so lvsd runs as it would while nothing reaches IPVS.
    public static func testStart() -> InMemoryIPVSTable {
        var table = InMemoryIPVSTable()
        table.acceptEverySchedulerOfLVSConfig()
        return table
    }

    /// The table lvsd programs under `--test-start`: the kernel's model, starting from what
    /// `kernel` holds now.
    public static func testStart(copying kernel: some IPVSTable) throws(IPVSError) -> InMemoryIPVSTable {
        var table = try InMemoryIPVSTable(copying: kernel)
        table.acceptEverySchedulerOfLVSConfig()
        return table
    }

    /// The kernel loads a scheduler's module when a service first asks for it, so which ones this
    /// machine has is unknown until tried; a test start takes every one lvs.cf can name as there.
    private mutating func acceptEverySchedulerOfLVSConfig() {
        schedulers.formUnion(VirtualService.Scheduler.allCases.map(IPVSMapping.scheduler))
    }
}
