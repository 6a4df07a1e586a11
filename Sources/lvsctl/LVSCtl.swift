import ArgumentParser

/// `lvsctl`: the admin's tool. Each subcommand lives in its own file; this is only the root.
@main
struct LVSCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lvsctl",
        abstract: "Check and control an LVSRouter director.",
        subcommands: [CheckConfig.self]
    )
}
