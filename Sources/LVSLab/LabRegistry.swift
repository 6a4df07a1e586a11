#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// The labs alive in this process, so that a driver stopped by a signal can take them all down
/// (``Lab/tearDownAll()``) instead of leaving namespaces and processes behind.
enum LabRegistry {
    private static let prefixes = Mutex<Set<String>>([])
    private static let directories = Mutex<Set<String>>([])

    static func add(_ prefix: String) { _ = prefixes.withLock { $0.insert(prefix) } }
    static func remove(_ prefix: String) { _ = prefixes.withLock { $0.remove(prefix) } }
    static var all: Set<String> { prefixes.withLock { $0 } }

    static func add(directory: String) { _ = directories.withLock { $0.insert(directory) } }
    static func remove(directory: String) { _ = directories.withLock { $0.remove(directory) } }
    static var allDirectories: Set<String> { directories.withLock { $0 } }
}

extension Lab {
    /// Kills every process in the namespaces of every lab of this process and deletes those
    /// namespaces and the labs' directories, without touching the labs' objects: safe to call from
    /// another thread (a signal handler thread) just before exiting.
    public static func tearDownAll() {
        for prefix in LabRegistry.all {
            let names = LabNetwork.namespaces(withPrefix: prefix)
            for name in names { LabNetwork.killProcesses(inNamespaceFile: "/run/netns/" + name) }
            LabNetwork.delete(namespaces: names)
            LabRegistry.remove(prefix)
        }
        for directory in LabRegistry.allDirectories {
            try? FileManager.default.removeItem(atPath: directory)
            LabRegistry.remove(directory: directory)
        }
    }
}
