#if canImport(Glibc)
import Glibc
#endif
import CLVSShims

/// Runs a body with the calling thread inside another network namespace, then switches back.
///
/// Sockets created in the body stay in that namespace for their whole life. `setns(2)` affects
/// only the calling thread, and the body runs synchronously on it, so no other code of the
/// process sees the switch.
enum NetworkNamespaceEntry {
    /// Enters the namespace file at `path` (e.g. `/run/netns/NAME`), runs `body`, returns.
    static func withNamespace<T>(
        _ path: String, _ body: () throws(IPVSError) -> T
    ) throws(IPVSError) -> T {
        let target = open(path, O_RDONLY | O_CLOEXEC)
        guard target >= 0 else { throw IPVSError(.connect, .system(call: "open(\(path))", errno: errno)) }
        defer { close(target) }
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard original >= 0 else {
            throw IPVSError(.connect, .system(call: "open(/proc/thread-self/ns/net)", errno: errno))
        }
        defer { close(original) }
        guard lvs_enter_network_namespace(target) == 0 else {
            throw IPVSError(.connect, .system(call: "setns(\(path))", errno: errno))
        }
        let result: Result<T, IPVSError>
        do throws(IPVSError) { result = .success(try body()) } catch { result = .failure(error) }
        // Returning is not optional: a thread left in the wrong namespace would poison the process.
        if lvs_enter_network_namespace(original) != 0 {
            fatalError("setns back to the original network namespace failed: errno \(errno)")
        }
        return try result.get()
    }
}
