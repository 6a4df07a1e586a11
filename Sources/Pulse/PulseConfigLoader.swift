import LVSConfig

/// Reads and checks lvs.cf for pulse, at start and on every reload.
public enum PulseConfigLoader {
    /// A file that parsed without errors, and its warnings.
    public struct Loaded: Sendable {
        /// The configuration.
        public var config: LVSConfig
        /// Its warnings (`FILE:LINE:COLUMN: warning: …`).
        public var warnings: [Diagnostic]
    }

    /// The configuration in `path`, or an error carrying every diagnostic.
    public static func load(_ path: String, parser: LVSConfigParser = LVSConfigParser()) throws(PulseConfigError)
        -> Loaded
    {
        let bytes: [UInt8]
        do {
            bytes = try LVSConfigFile.read(path)
        } catch {
            throw .unreadable(error)
        }
        let result = parser.parse(bytes, file: path)
        guard !result.hasErrors else {
            throw .invalid(path: path, diagnostics: result.diagnostics, errorCount: result.errorCount)
        }
        return Loaded(config: result.config, warnings: result.warnings)
    }
}

/// lvs.cf could not be used.
public enum PulseConfigError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(LVSConfigReadError)
    /// The file has errors: the diagnostics kept (errors and warnings, in file order) and how
    /// many errors the file has in all.
    case invalid(path: String, diagnostics: [Diagnostic], errorCount: Int)

    /// The errors, one `FILE:LINE:COLUMN: error: …` line each (or the read error).
    public var lines: [String] {
        switch self {
        case .unreadable(let error): [error.description]
        case .invalid(_, let diagnostics, let errorCount):
            diagnostics.filter { $0.severity == .error }.map(\.description)
                + (errorCount > diagnostics.count ? ["(\(errorCount) errors in all; only the first shown)"] : [])
        }
    }

    /// One line: the first problem and how many errors there are.
    public var description: String {
        switch self {
        case .unreadable(let error):
            return error.description
        case .invalid(let path, let diagnostics, let errorCount):
            let errors = diagnostics.filter { $0.severity == .error }
            let more = errorCount > 1 ? " (and \(errorCount - 1) more error\(errorCount == 2 ? "" : "s"))" : ""
            return "\(path) has errors: \(errors.first.map(\.description) ?? "unknown")\(more)"
        }
    }
}
