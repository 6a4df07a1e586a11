import FoundationEssentials
import LVSConfig

/// The parsed configuration as JSON, for `check-config --json`.
enum ConfigJSON {
    /// Pretty-printed, keys sorted (so the output is stable and diffable), slashes unescaped.
    static func encode(_ config: LVSConfig) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(config)
        return String(decoding: data, as: UTF8.self)
    }
}
