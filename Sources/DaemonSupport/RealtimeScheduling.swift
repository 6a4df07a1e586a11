import CLVSShims
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a daemon's timers on time on a loaded machine (pulse's heartbeats on a loaded director):
/// a real-time scheduling class (`SCHED_RR`) and its memory locked in RAM once used, as cluster
/// heartbeat daemons do (corosync runs the same way).
/// A heartbeat that is late because the scheduler or the pager held pulse back looks, to the
/// peer, exactly like a dead director.
///
/// Children never inherit it: the policy is set with `SCHED_RESET_ON_FORK`, so `lvsd`, `nanny`
/// and the `active_cmd`/`inactive_cmd` commands run in the normal class.
public enum RealtimeScheduling {
    /// The `SCHED_RR` priority (1-99): above every normal process, below the kernel's own
    /// real-time threads (interrupt threads run at 50).
    public static let priority: Int32 = 10

    /// `SCHED_RESET_ON_FORK` (linux/sched.h): children (and threads) start in the normal class.
    public static let resetOnFork: Int32 = 0x4000_0000

    /// `MCL_ONFAULT` (linux/mman.h, Linux 4.4): lock pages as they are touched rather than loading
    /// the whole image at once (a statically linked pulse maps tens of megabytes it never reads).
    static let lockOnFault: Int32 = 4

    /// `M_MMAP_MAX` and `M_TRIM_THRESHOLD` (malloc.h).
    static let mallocMapMaximum: Int32 = -4
    static let mallocTrimThreshold: Int32 = -1

    /// Switches the calling process to `SCHED_RR` at ``priority`` and locks its memory. Each step
    /// that fails is reported; the caller logs it and runs on (without CAP_SYS_NICE, in a
    /// container, the heartbeats still work, with less margin).
    public static func enable() -> [SystemCallError] {
        var problems = [enterRealtime()].compactMap { $0 }
        if mlockall(MCL_CURRENT | MCL_FUTURE | lockOnFault) != 0 {
            problems.append(SystemCallError(call: "mlockall", errno: errno))
        }
        // Large blocks from the heap, never mapped and unmapped one by one, and the heap never
        // trimmed: each mmap/munmap takes the process's memory-map lock for writing, and a
        // real-time thread that faults a page in meanwhile waits for whichever thread holds it
        // (the normal-class main thread answering a status of thousands of VIPs, preempted).
        _ = mallopt(Self.mallocMapMaximum, 0)
        _ = mallopt(Self.mallocTrimThreshold, Int32.max)
        return problems
    }

    /// Puts the calling thread in `SCHED_RR` at ``priority`` (with reset-on-fork); the reason when
    /// it may not.
    @discardableResult
    public static func enterRealtime() -> SystemCallError? {
        var parameters = sched_param(sched_priority: priority)
        guard sched_setscheduler(0, SCHED_RR | resetOnFork, &parameters) == 0 else {
            return SystemCallError(call: "sched_setscheduler(SCHED_RR, \(priority))", errno: errno)
        }
        return nil
    }

    /// The nice value of a thread that left the real-time class for work that is not urgent but
    /// should not starve on a busy machine: ten times a normal process's share of the CPU.
    public static let favouredNice: Int32 = -10

    /// Puts the calling thread in the normal class, at `nice` when given (PRIO_PROCESS with 0 is
    /// the calling thread on Linux).
    public static func leaveRealtime(nice: Int32?) {
        var normal = sched_param(sched_priority: 0)
        _ = sched_setscheduler(0, SCHED_OTHER | resetOnFork, &normal)
        if let nice { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice) }
    }

    /// The calling process's scheduling policy (`SCHED_RR`, `SCHED_OTHER`…), without the
    /// reset-on-fork flag.
    public static var currentPolicy: Int32 { sched_getscheduler(0) & ~resetOnFork }

    /// Whether the calling thread runs in a real-time class (`SCHED_RR` or `SCHED_FIFO`).
    public static var isRealtime: Bool { currentPolicy == SCHED_RR || currentPolicy == SCHED_FIFO }
}
