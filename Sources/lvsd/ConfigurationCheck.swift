import DaemonSupport
import LVSConfig

/// Reading lvs.cf at start-up and for `--check`: every problem printed as
/// `FILE:LINE:COLUMN: error|warning: message` on standard error.
enum ConfigurationCheck {
    /// `--check`: prints the diagnostics and a summary; 0 when the file is usable, 1 otherwise.
    static func run(path: String) -> Int32 {
        guard let result = parse(path) else { return 1 }
        for diagnostic in result.diagnostics { Console.error(diagnostic.description) }
        if result.hasErrors {
            Console.error("\(path): \(result.countsDescription); lvsd would not start")
            return 1
        }
        let note = result.warningCount == 0 ? "" : " (\(count(result.warningCount, "warning")))"
        Console.print("\(path) OK: \(result.config.summary)\(note)")
        return 0
    }

    /// The configuration to start with, or nil (after printing why) when it cannot be used.
    static func load(path: String) -> LVSConfig? {
        guard let result = parse(path) else { return nil }
        for diagnostic in result.diagnostics { Console.error(diagnostic.description) }
        if result.hasErrors {
            Console.error("lvsd: \(path) has \(count(result.errorCount, "error")); not starting")
            return nil
        }
        return result.config
    }

    private static func parse(_ path: String) -> LVSConfigParseResult? {
        do {
            return LVSConfigParser().parse(try LVSConfigFile.read(path), file: path)
        } catch {
            Console.error("lvsd: \(error)")
            return nil
        }
    }

    /// `1 error`, `2 warnings`.
    private static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
}
