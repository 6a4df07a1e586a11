import CLVSShims
import Glibc

/// Runs code with the calling thread inside another network namespace, then switches it back.
///
/// `setns(2)` moves only the calling thread and the body runs synchronously on it, so nothing else
/// in the process sees the switch. Sockets opened in the body stay in that namespace for their
/// whole life, and files under `/proc/thread-self/net` or `/proc/sys/net` opened there are that
/// namespace's. The body must not suspend: it would resume on another thread.
public enum NetworkNamespaceEntry {
    /// Enters the namespace file at `path` (`/run/netns/NAME`, `/proc/PID/ns/net`), runs `body`,
    /// and switches back.
    ///
    /// - Returns: what `body` returned or threw.
    /// - Throws: ``SystemCallError`` (`open` or `setns`, naming the file) when the namespace
    ///   cannot be entered; `body` has not run then.
    public static func run<T, E: Error>(
        in path: String, _ body: () throws(E) -> T
    ) throws(SystemCallError) -> Result<T, E> {
        let target = try SystemCall.run("open", on: path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(target) }
        let original = try SystemCall.run("open", on: threadNamespace) { open(threadNamespace, O_RDONLY | O_CLOEXEC) }
        defer { close(original) }
        try SystemCall.run("setns", on: path) { lvs_enter_network_namespace(target) }
        let result: Result<T, E>
        do throws(E) { result = .success(try body()) } catch { result = .failure(error) }
        // Coming back is not optional: a thread left in the other namespace would take every
        // later socket of the process there.
        if lvs_enter_network_namespace(original) != 0 {
            fatalError("setns back to the original network namespace: \(SystemCallError.describe(errno: errno))")
        }
        return result
    }

    /// The calling thread's own network namespace (`/proc/self` would be the main thread's).
    private static let threadNamespace = "/proc/thread-self/ns/net"
}
