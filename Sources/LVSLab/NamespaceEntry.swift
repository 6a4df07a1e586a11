#if canImport(Glibc)
import Glibc
#endif
import CLVSShims
import LVSTestKit

/// Runs a body with the calling thread inside a lab host's network namespace, then switches back.
///
/// Sockets opened in the body stay in that namespace for their whole life, and files under
/// `/proc/sys/net` opened there are that namespace's. `setns(2)` moves only the calling thread and
/// the body runs synchronously on it, so nothing else in the process sees the switch.
enum NamespaceEntry {
    /// Enters the namespace file at `path` (`/run/netns/NAME`), runs `body`, switches back.
    static func run<T>(in path: String, _ body: () throws -> T) throws -> T {
        let target = open(path, O_RDONLY | O_CLOEXEC)
        guard target >= 0 else { throw LabError("entering network namespace \(path): open: \(LabError.errnoText())") }
        defer { close(target) }
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard original >= 0 else {
            throw LabError("entering network namespace \(path): open /proc/thread-self/ns/net: \(LabError.errnoText())")
        }
        defer { close(original) }
        guard lvs_enter_network_namespace(target) == 0 else {
            throw LabError("entering network namespace \(path): setns: \(LabError.errnoText())")
        }
        // A thread left in a lab namespace would send every later socket of the process there.
        defer {
            if lvs_enter_network_namespace(original) != 0 {
                fatalError("leaving network namespace \(path): setns back failed: \(LabError.errnoText())")
            }
        }
        return try body()
    }
}
