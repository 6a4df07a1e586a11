import CLVSShims
import Glibc

/// Makes this process the parent of its orphaned descendants, and ends them.
///
/// A program nanny runs for a check may leave processes behind: a child still running when the
/// program exits, or one that called `setsid` and so left the process group the timeout kills.
/// Once nanny is a subreaper they become nanny's own children when their parent dies, where
/// ``killAdopted(except:)`` finds them, instead of living on under init, one per check.
/// For a process whose only children are the ones it spawns (nanny), never a test runner.
public enum OrphanSweeper {
    /// `PR_SET_CHILD_SUBREAPER`: orphaned descendants are re-parented to this process.
    public static func becomeSubreaper() throws(SystemCallError) {
        try SystemCall.run("prctl(PR_SET_CHILD_SUBREAPER)") { lvs_become_child_subreaper() }
    }

    /// Sends SIGKILL to every child of this process not in `known` (the children it spawned and
    /// still runs); returns how many. The process's child reaper collects them.
    @discardableResult
    public static func killAdopted(except known: Set<pid_t>) -> Int {
        var killed = 0
        for pid in children() where !known.contains(pid) {
            if kill(pid, SIGKILL) == 0 { killed += 1 }
        }
        return killed
    }

    /// This process's children, from `/proc/self/task/*/children`.
    public static func children() -> [pid_t] {
        guard let tasks = opendir("/proc/self/task") else { return [] }
        defer { closedir(tasks) }
        var pids: [pid_t] = []
        while let entry = readdir(tasks) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let task = Int32(name) else { continue }
            // Bounded: a few thousand PIDs at most.
            guard let text = try? RegularFile.read("/proc/self/task/\(task)/children", limit: 1 << 20) else { continue }
            pids += text.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") })
                .compactMap { pid_t(String(decoding: $0, as: UTF8.self)) }
        }
        return pids
    }
}
