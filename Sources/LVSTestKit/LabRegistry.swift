import Foundation
import Synchronization

/// What the labs of this process made and have not removed yet: their namespace prefixes and
/// scratch directories, so that a driver stopped by a signal can take everything down
/// (``tearDownAll()``) instead of leaving namespaces and processes behind.
public enum LabRegistry {
    private static let prefixes = Mutex<Set<String>>([])
    private static let directories = Mutex<Set<String>>([])

    /// Records a ``NetworkLab``'s namespace prefix.
    static func add(prefix: String) { _ = prefixes.withLock { $0.insert(prefix) } }
    /// Forgets a prefix whose namespaces are gone.
    static func remove(prefix: String) { _ = prefixes.withLock { $0.remove(prefix) } }

    /// Records a scratch directory for ``tearDownAll()`` to remove.
    public static func add(directory: String) { _ = directories.withLock { $0.insert(directory) } }
    /// Forgets a scratch directory that was removed.
    public static func remove(directory: String) { _ = directories.withLock { $0.remove(directory) } }

    /// Kills every process in the namespaces of every lab of this process, deletes those
    /// namespaces and removes the recorded directories, without touching the labs' objects: safe
    /// to call from another thread (a signal-waiting one) just before exiting.
    public static func tearDownAll() {
        for prefix in prefixes.withLock({ $0 }) {
            let names = namespaces(withPrefix: prefix)
            for name in names { NetworkNamespace(name: name).killProcesses() }
            NetworkLab.delete(namespaces: names)
            remove(prefix: prefix)
        }
        for directory in directories.withLock({ $0 }) {
            try? FileManager.default.removeItem(atPath: directory)
            remove(directory: directory)
        }
    }

    /// The namespaces under `/run/netns` whose names start with `prefix-`.
    static func namespaces(withPrefix prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []
        return names.filter { $0.hasPrefix(prefix + "-") }.sorted()
    }
}
