import DaemonSupport

/// Runs `body` on the calling thread inside `namespace`'s network namespace, then switches the
/// thread back (``NetworkNamespaceEntry``). `body` must not suspend (no `await`): the namespace
/// belongs to this thread only. Sockets opened inside stay in the namespace after the switch back.
///
/// - Throws: a ``LabError`` when the namespace cannot be entered, or what `body` threw.
public func inside<T>(_ namespace: NetworkNamespace, _ body: () throws -> T) throws -> T {
    let outcome: Result<T, any Error>
    do {
        outcome = try NetworkNamespaceEntry.run(in: namespace.path, body)
    } catch {
        throw LabError("entering network namespace \(namespace.name): \(error)")
    }
    return try outcome.get()
}
