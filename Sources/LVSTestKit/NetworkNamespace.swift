#if canImport(Glibc)
import Glibc
#endif

/// A network namespace created by a test (`ip netns add`), with `lo` up.
///
/// IPVS tables, addresses and sockets are per namespace, so each test builds the hosts it needs
/// as namespaces and removes them afterwards. Created through ``NetworkLab``.
public final class NetworkNamespace: @unchecked Sendable {
    /// The name under `/run/netns`.
    public let name: String
    private var deleted = false

    /// The namespace file, for `setns(2)` or for libraries that open sockets inside it.
    public var path: String { "/run/netns/\(name)" }

    init(name: String) throws {
        self.name = name
        try NetworkLab.ip(["netns", "add", name])
        do {
            try NetworkLab.ip(["-n", name, "link", "set", "lo", "up"])
        } catch {
            _ = try? TestProcess.run("ip", ["netns", "delete", name], timeout: .seconds(10))
            throw error
        }
    }

    deinit { delete() }

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
            throw LabError(
                "in namespace \(name): \(command.joined(separator: " ")): \(result.status): \(result.error)")
        }
        return result.output
    }

    /// Starts a long-running command inside the namespace; the caller stops it.
    public func start(_ command: [String], environment: [String: String] = [:]) throws -> TestProcess {
        try TestProcess("ip", ["netns", "exec", name] + command, environment: environment)
    }

    /// Deletes the namespace (its interfaces go with it). Idempotent.
    public func delete() {
        guard !deleted else { return }
        deleted = true
        _ = try? TestProcess.run("ip", ["netns", "delete", name], timeout: .seconds(10))
    }
}
