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
