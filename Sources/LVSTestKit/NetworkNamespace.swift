/// A network namespace of a ``NetworkLab``, by name: commands run inside it, and its file opens
/// it for `setns(2)` (``inside(_:_:)``) or for libraries that open sockets inside it.
///
/// IPVS tables, addresses and sockets are per namespace, so each test builds the hosts it needs
/// as namespaces. The lab that made a namespace deletes it; this is only a handle.
public struct NetworkNamespace: Sendable, Hashable {
    /// The name under `/run/netns`.
    public let name: String

    /// The namespace file.
    public var path: String { "/run/netns/\(name)" }

    init(name: String) { self.name = name }

    /// Runs a command inside the namespace to completion.
    public func run(
        _ command: [String], environment: [String: String] = [:], standardInput: [UInt8] = [],
        timeout: Duration = .seconds(60)
    ) throws -> TestProcessResult {
        try TestProcess.run(
            "ip", ["netns", "exec", name] + command, environment: environment, standardInput: standardInput,
            timeout: timeout)
    }

    /// Runs a command inside the namespace and throws unless it exits 0; returns its stdout.
    @discardableResult
    public func runChecked(_ command: [String], timeout: Duration = .seconds(60)) throws -> String {
        let result = try run(command, timeout: timeout)
        guard result.exitCode == 0 else {
            throw LabError("in namespace \(name): \(command.joined(separator: " ")): \(result.status): \(result.error)")
        }
        return result.output
    }

    /// Starts a long-running command inside the namespace; the caller stops it.
    public func start(_ command: [String], environment: [String: String] = [:]) throws -> TestProcess {
        try TestProcess("ip", ["netns", "exec", name] + command, environment: environment)
    }
}
