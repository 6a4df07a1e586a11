import Interfaces

/// How pulse starts its VIP guard (``VIPGuard``): pulse's own program in guard mode. Pure.
public struct VIPGuardLaunch: Hashable, Sendable {
    /// pulse's program (`/proc/self/exe` resolved).
    public var executable: String
    /// pulse runs in the foreground (`-n`): the guard logs to standard error too.
    public var foreground: Bool
    /// The syslog socket when it is not `/dev/log`.
    public var logSocket: String?
    /// Whether the guard runs real-time (`SCHED_RR`), as pulse's heartbeats do.
    public var realtime: Bool

    /// Creates a launch description.
    public init(executable: String, foreground: Bool, logSocket: String? = nil, realtime: Bool = true) {
        self.executable = executable
        self.foreground = foreground
        self.logSocket = logSocket
        self.realtime = realtime
    }

    /// The arguments after the program name, for guarding `addresses` with `limit`.
    public func arguments(addresses: [VirtualAddress], limit: Duration) -> [String] {
        var arguments = ["--vip-guard", "--guard-limit-ms", String(limit.wholeMilliseconds)]
        if foreground { arguments.append("--nodaemon") }
        if let logSocket { arguments += ["--log-socket", logSocket] }
        if !realtime { arguments.append("--no-realtime") }
        return arguments + ["--"] + addresses.map(VIPGuardAddress.argument)
    }
}
