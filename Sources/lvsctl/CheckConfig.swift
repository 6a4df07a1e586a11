import ArgumentParser
import LVSConfig

/// `lvsctl check-config [-c FILE] [--json]`: checks lvs.cf the way pulse and lvsd read it.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check lvs.cf: print every problem, or a one-line summary.",
        discussion: """
            Prints each problem as FILE:LINE:COLUMN: error|warning: message on standard error. \
            Exits 1 when the file has an error (or cannot be read), 0 otherwise. With --json, \
            prints the parsed configuration as JSON instead of the summary.
            """
    )

    @Option(
        name: [.customShort("c"), .customLong("configfile"), .customLong("config")],
        help: ArgumentHelp("The configuration file.", valueName: "FILE"))
    var configFile: String = LVSConfigFile.defaultPath

    @Flag(name: .long, help: "Print the parsed configuration as JSON.")
    var json = false

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try LVSConfigFile.read(configFile)
        } catch {
            Output.error("lvsctl: check-config: \(error)")
            throw ExitCode(1)
        }
        let result = LVSConfigParser().parse(bytes, file: configFile)
        for diagnostic in result.diagnostics {
            Output.error(diagnostic.description)
        }
        let warnings = result.warningCount
        if result.hasErrors {
            Output.error("\(configFile): \(result.countsDescription)")
            throw ExitCode(1)
        }
        if json {
            Output.print(try ConfigJSON.encode(result.config))
        } else {
            let note = warnings > 0 ? " (\(Output.count(warnings, "warning")))" : ""
            Output.print("\(configFile) OK: \(result.config.summary)\(note)")
            // A hint, not a warning: files that ran under Piranha had no key and still load
            // without a word; this is advice for the admin, who reads it here and in pulse's log.
            if result.config.hasUnauthenticatedHeartbeats { Output.print("hint: \(LVSConfig.authenticationHint)") }
        }
    }
}
