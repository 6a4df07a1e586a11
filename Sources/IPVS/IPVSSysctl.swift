import DaemonSupport

/// IPVS's settings under `/proc/sys/net/ipv4/vs/` (per network namespace; they exist once the
/// `ip_vs` module is loaded).
public struct IPVSSysctl: Sendable {
    /// The directory holding the settings (another root in tests).
    public var directory: String

    /// The running kernel's settings.
    public init(directory: String = "/proc/sys/net/ipv4/vs") { self.directory = directory }

    /// The settings active-active directors need: `sloppy_tcp` and `sloppy_sctp`, so that a
    /// director that never saw a connection's SYN (the routers moved the flow to it) schedules it
    /// from its next packet instead of dropping it.
    public static let flowsMayMoveBetweenDirectors: [(name: String, value: Int)] = [
        ("sloppy_tcp", 1), ("sloppy_sctp", 1),
    ]

    /// Sets `name` to `value`.
    public func set(_ name: String, to value: Int) throws(SystemCallError) {
        let path = "\(directory)/\(name)"
        let file = try FileDescriptor.openForWriting(path)
        defer { file.closeQuietly() }
        do { try file.writeAll(Array("\(value)\n".utf8)) } catch {
            throw SystemCallError(call: "write", object: path, errno: error.errno)
        }
    }
}
