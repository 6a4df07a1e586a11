import ArgumentParser
import DaemonSupport

/// `lvsctl`: the admin's tool. Each subcommand lives in its own file; this is only the root.
@main
struct LVSCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lvsctl",
        abstract: "Check and control an LVSRouter director.",
        discussion: """
            Talks to pulse (/run/pulse/pulse.sock) and lvsd (/run/lvsd/lvsd.sock); both sockets are \
            for root only. A daemon that does not answer is reported in one line, with exit status 1.
            """,
        version: SuiteVersion.line(for: "lvsctl"),
        subcommands: [
            Status.self, Failover.self, Takeover.self, Reload.self, DrainDirector.self, EnableDirector.self,
            CheckConfig.self, InstallConfig.self,
            RevertConfig.self, Drain.self, Enable.self,
        ]
    )
}
