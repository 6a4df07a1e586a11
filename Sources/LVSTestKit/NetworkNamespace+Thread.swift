#if canImport(Glibc)
import Glibc
#endif
import CLVSShims

/// Runs `body` on the calling thread inside `namespace`'s network namespace, then switches the
/// thread back. `body` must not suspend (no `await`): the namespace belongs to this thread only.
/// Sockets opened inside stay in the namespace after the switch back.
public func inside<T>(_ namespace: NetworkNamespace, _ body: () throws -> T) throws -> T {
    let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
    guard original >= 0 else { throw LabError("open /proc/thread-self/ns/net: \(String(cString: strerror(errno)))") }
    defer { close(original) }
    let target = open(namespace.path, O_RDONLY | O_CLOEXEC)
    guard target >= 0 else { throw LabError("open \(namespace.path): \(String(cString: strerror(errno)))") }
    defer { close(target) }
    guard lvs_enter_network_namespace(target) == 0 else {
        throw LabError("setns(\(namespace.name)): \(String(cString: strerror(errno)))")
    }
    defer {
        // Leaving the thread in the test namespace would break every later test on it.
        precondition(lvs_enter_network_namespace(original) == 0, "setns back: \(String(cString: strerror(errno)))")
    }
    return try body()
}
