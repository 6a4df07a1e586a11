import DaemonSupport
import LVSTestKit

/// Runs a body with the calling thread inside a lab host's network namespace, then switches back
/// (``NetworkNamespaceEntry``); a namespace that cannot be entered is a ``LabError``.
enum NamespaceEntry {
    /// Enters the namespace file at `path` (`/run/netns/NAME`), runs `body`, switches back.
    static func run<T>(in path: String, _ body: () throws -> T) throws -> T {
        let outcome: Result<T, any Error>
        do {
            outcome = try NetworkNamespaceEntry.run(in: path, body)
        } catch {
            throw LabError("entering network namespace \(path): \(error)")
        }
        return try outcome.get()
    }
}
