import Foundation
import LVSTestKit

/// The subcommands and options one program accepts, read from the program itself: its
/// swift-argument-parser description (`--experimental-dump-help`), its `--help` text, or for
/// lvsadm, which opens IPVS before it prints anything, its parser's option table.
struct ProgramVocabulary {
    /// A command's options (`--json`, `-c`) and its subcommands by name.
    struct Command {
        var options: Set<String> = ["--help", "-h"]
        var subcommands: [String: Command] = [:]
    }

    let root: Command

    /// Whether this program takes subcommands (so a first word that is none is a mistake).
    var hasSubcommands: Bool { root.subcommands.keys.contains { $0 != "help" } }

    /// The programs of the suite, and how each tells what it accepts.
    static func load(_ program: String, repository: String) throws -> ProgramVocabulary {
        switch program {
        case "pulse", "lvsd", "fos", "lvsctl", "lvsweb":
            let dump = try TestProcess.run(TestEnvironment.product(program), ["--experimental-dump-help"])
            guard dump.exitCode == 0,
                let object = try JSONSerialization.jsonObject(with: Data(dump.standardOutput)) as? [String: Any],
                let command = object["command"] as? [String: Any]
            else { throw LabError("\(program) --experimental-dump-help: \(dump.error)") }
            return ProgramVocabulary(root: parsed(command))
        case "nanny", "send_arp":
            let help = try TestProcess.run(TestEnvironment.product(program), ["--help"])
            return ProgramVocabulary(root: Command(options: options(in: help.output + help.error)))
        case "lvsadm":
            // ipvsadm's popt table, as lvsadm's parser holds it (`long: "…", short: c("…")`).
            let table = try String(contentsOfFile: repository + "/Sources/IPVSAdmin/AdminOption.swift", encoding: .utf8)
            let entry = try NSRegularExpression(pattern: #"long: "([a-z0-9-]+)", short: (?:c\("(.)"\)|nil)"#)
            var options: Set<String> = []
            for match in entry.matches(in: table, range: NSRange(table.startIndex..., in: table)) {
                if let r = Range(match.range(at: 1), in: table) { options.insert("--" + table[r]) }
                if let r = Range(match.range(at: 2), in: table) { options.insert("-" + table[r]) }
            }
            guard options.count > 40 else {
                throw LabError("lvsadm's option table: found only \(options.count) options")
            }
            return ProgramVocabulary(root: Command(options: options))
        default:
            // scripts/…: the options their header comment (what --help prints) names.
            let text = try String(contentsOfFile: repository + "/" + program, encoding: .utf8)
            let header = text.split(separator: "\n").prefix { !$0.hasPrefix("set -") }.joined(separator: "\n")
            return ProgramVocabulary(root: Command(options: options(in: header)))
        }
    }

    private static func parsed(_ command: [String: Any]) -> Command {
        var result = Command()
        for argument in command["arguments"] as? [[String: Any]] ?? [] {
            for name in argument["names"] as? [[String: Any]] ?? [] {
                guard let kind = name["kind"] as? String, let text = name["name"] as? String else { continue }
                result.options.insert(kind == "long" ? "--" + text : "-" + text)
            }
        }
        for sub in command["subcommands"] as? [[String: Any]] ?? [] {
            if let name = sub["commandName"] as? String { result.subcommands[name] = parsed(sub) }
        }
        return result
    }

    /// Every `--long` and `-x` option a help text names where an option is written (after a
    /// blank, a bracket, a comma or a bar).
    static func options(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(
            pattern: #"(?:^|[\s\[,|(])(--?[A-Za-z][A-Za-z0-9-]*)"#, options: [.anchorsMatchLines])
        let range = NSRange(text.startIndex..., in: text)
        var found: Set<String> = ["--help", "-h"]
        for match in pattern.matches(in: text, range: range) {
            if let r = Range(match.range(at: 1), in: text) { found.insert(String(text[r])) }
        }
        return found
    }
}
