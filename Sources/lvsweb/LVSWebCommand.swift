import ArgumentParser
import DaemonSupport

/// `lvsweb`: the web configuration tool (Piranha's "Piranha Configuration Tool" reborn): serve,
/// set the password, make the metrics token. Argument parsing and wiring only; the pages and
/// the rules live in the `LVSWeb` library.
@main
struct LVSWebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lvsweb",
        abstract: "The web tool for LVSRouter: monitoring, actions and lvs.cf editing behind a login.",
        version: SuiteVersion.line(for: "lvsweb"),
        subcommands: [Serve.self, Passwd.self, MetricsToken.self],
        defaultSubcommand: Serve.self
    )
}
