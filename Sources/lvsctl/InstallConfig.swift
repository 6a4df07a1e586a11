import ArgumentParser
import Control
import DaemonSupport
import LVSConfig

/// `lvsctl install-config [-c FILE] [--reload] < NEW`: what a director runs on its peer (over
/// ssh) to hand it lvs.cf, and an admin's safe way to replace the file: the new file is checked
/// as check-config checks it and refused whole if it has an error; otherwise the current file is
/// kept as FILE.previous and the new one put in place atomically.
struct InstallConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-config",
        abstract: "Check a new lvs.cf from standard input and, without errors, install it.",
        discussion: """
            Reads the new file from standard input (at most 16 MiB) and prints its problems as \
            check-config does. With an error nothing is written and the exit status is 1. \
            Otherwise the current file is kept as FILE.previous (lvsctl revert-config puts it \
            back), the new one replaces it atomically with the old one's mode, and with --reload \
            pulse re-reads it. lvsweb sends a director's file to its peer this way: \
            ssh root@PEER lvsctl install-config --reload < /etc/sysconfig/ha/lvs.cf
            """
    )

    @Option(
        name: [.customShort("c"), .customLong("configfile"), .customLong("config"), .customLong("file")],
        help: ArgumentHelp("The configuration file to replace.", valueName: "FILE"))
    var configFile: String = LVSConfigFile.defaultPath

    @Flag(name: .long, help: "Have pulse re-read lvs.cf afterwards.")
    var reload = false

    @OptionGroup var daemons: DaemonOptions

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try StandardInput.readAll(limit: LVSConfigInstaller.sizeLimit)
        } catch {
            Output.error("lvsctl: install-config: \(error); nothing installed")
            throw ExitCode(1)
        }
        let installer = LVSConfigInstaller(path: configFile)
        let result: LVSConfigInstallResult
        do {
            result = try installer.install(bytes)
        } catch {
            if case .invalid(_, let diagnostics) = error {
                for diagnostic in diagnostics { Output.error(diagnostic.description) }
                Output.error("lvsctl: \(configFile) not installed: the new file has errors; nothing changed")
            } else {
                Output.error("lvsctl: install-config: \(error)")
            }
            throw ExitCode(1)
        }
        for diagnostic in result.diagnostics { Output.error(diagnostic.description) }
        if result.changed {
            Output.print("lvsctl: installed \(configFile) (previous version kept at \(installer.previousPath))")
        } else {
            Output.print("lvsctl: \(configFile) unchanged (the same bytes)")
        }
        if reload {
            do {
                let response = try daemons.pulse.send(PulseRequest.reload)
                Output.print("lvsctl: \(response.message ?? "pulse re-reads \(configFile)")")
            } catch {
                // The peer sync reads this: the file is in place, only the reload is missing.
                Output.error("lvsctl: reload: \(error); \(configFile) stays installed, pulse reads it when it starts")
                throw ExitCode(1)
            }
        }
    }
}

/// `lvsctl revert-config [-c FILE]`: puts FILE.previous back (after checking it); the current
/// file becomes FILE.previous, so a second revert undoes the first.
struct RevertConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revert-config",
        abstract: "Put the previous lvs.cf back (the one install-config or lvsweb kept).",
        discussion: "Exits 1 when there is no previous version or it has errors; nothing changes then."
    )

    @Option(
        name: [.customShort("c"), .customLong("configfile"), .customLong("config"), .customLong("file")],
        help: ArgumentHelp("The configuration file.", valueName: "FILE"))
    var configFile: String = LVSConfigFile.defaultPath

    func run() throws {
        let installer = LVSConfigInstaller(path: configFile)
        do {
            _ = try installer.revert()
        } catch {
            if case .invalid(_, let diagnostics) = error {
                for diagnostic in diagnostics { Output.error(diagnostic.description) }
            }
            Output.error("lvsctl: revert-config: \(error)")
            throw ExitCode(1)
        }
        Output.print(
            "lvsctl: \(configFile) reverted to its previous version (the replaced one is now \(installer.previousPath))"
        )
    }
}
