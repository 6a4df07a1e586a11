import Addressing

/// How nanny asks a real server for its load (`-U`), and the command that does it.
///
/// - `rsh`, `ssh` or an absolute path (with optional arguments, split on spaces): runs
///   `<command> <RIP> uptime`. For ssh (by name or a path ending in `/ssh`) nanny adds
///   `-o BatchMode=yes -o ConnectTimeout=<timeout>`, so a missing key fails at once instead of
///   prompting for a password, and an unreachable server fails within the check timeout.
/// - `rup`, `ruptime`: runs `<command> <RIP>`.
/// - `none`: no load monitoring (the default).
///
/// No shell is involved: the arguments go to the program as they are.
public enum LoadMonitorCommand: Equatable, Sendable, CustomStringConvertible {
    /// No load monitoring.
    case none
    /// `<program and arguments> <RIP> uptime` (rsh, ssh or a path).
    case remoteUptime([String])
    /// `<rup|ruptime> <RIP>`.
    case remoteStatus(String)

    /// The values `-U` accepts, for error texts.
    public static let accepted = "rsh, ssh, rup, ruptime, none or an absolute path"

    /// Reads a `-U` value; `nil` when it is none of ``accepted``.
    public init?(_ text: String) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let program = words.first else { return nil }
        switch program {
        case "none" where words.count == 1: self = .none
        case "rup" where words.count == 1, "ruptime" where words.count == 1: self = .remoteStatus(program)
        case "rsh", "ssh": self = .remoteUptime(words)
        default:
            guard program.hasPrefix("/"), program.count > 1 else { return nil }
            self = .remoteUptime(words)
        }
    }

    /// The `-U` value that reads back as this command.
    public var description: String {
        switch self {
        case .none: "none"
        case .remoteUptime(let words): words.joined(separator: " ")
        case .remoteStatus(let program): program
        }
    }

    /// The argument vector that asks `server` for its load, with ssh's non-interactive options
    /// bounded by `timeout`; `nil` for ``none``.
    public func arguments(for server: IPAddress, timeout: Duration) -> [String]? {
        switch self {
        case .none:
            return nil
        case .remoteStatus(let program):
            return [program, server.description]
        case .remoteUptime(let words):
            var arguments = words
            if words[0] == "ssh" || words[0].hasSuffix("/ssh") {
                // ConnectTimeout takes whole seconds; at least 1.
                let seconds = max(
                    1,
                    Int(
                        (Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18).rounded(
                            .up)))
                arguments.insert(contentsOf: ["-o", "BatchMode=yes", "-o", "ConnectTimeout=\(seconds)"], at: 1)
            }
            return arguments + [server.description, "uptime"]
        }
    }
}
