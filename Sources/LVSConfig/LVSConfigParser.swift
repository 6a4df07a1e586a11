/// Reads lvs.cf text into an `LVSConfig`, reporting every problem of the file as a `Diagnostic`
/// (syntax, values, and the checks of `LVSConfigValidator`), never stopping at the first.
///
/// Any bytes are accepted as input: invalid UTF-8, stray control bytes, truncation and binary
/// garbage produce diagnostics, never a crash or a hang (the work is linear in the input).
///
/// ```swift
/// let result = LVSConfigParser().parse(bytes, file: "/etc/sysconfig/ha/lvs.cf")
/// for d in result.diagnostics { print(d) }      // FILE:LINE:COLUMN: error: message
/// guard !result.hasErrors else { return }        // keep the running config
/// apply(result.config)
/// ```
public struct LVSConfigParser: Sendable {
    /// How host and service names are resolved.
    public var resolver: any NameResolver

    /// Creates a parser; by default names are resolved by the system (`getaddrinfo`,
    /// `getservbyname_r`).
    public init(resolver: any NameResolver = SystemNameResolver()) {
        self.resolver = resolver
    }

    /// Parses and checks the bytes of a file. `file` is only used in diagnostics.
    public func parse(_ bytes: [UInt8], file: String) -> LVSConfigParseResult {
        bytes.withUnsafeBufferPointer { buffer in
            let run = ConfigParseRun(bytes: buffer, file: file, resolver: resolver)
            run.run()
            return LVSConfigParseResult(
                config: run.config, diagnostics: run.diagnostics.sorted(),
                errorCount: run.diagnostics.errorCount, warningCount: run.diagnostics.warningCount)
        }
    }

    /// Parses and checks text.
    public func parse(_ text: String, file: String) -> LVSConfigParseResult {
        parse(Array(text.utf8), file: file)
    }
}

/// What parsing one file gives: the model and every diagnostic.
public struct LVSConfigParseResult: Sendable {
    /// The parsed config. When `hasErrors` is true it is a best effort and must not be applied.
    public var config: LVSConfig
    /// Errors and warnings, in file order: the first ``DiagnosticCollector/storedLimit`` found
    /// (the counts below include the rest).
    public var diagnostics: [Diagnostic]
    /// The number of errors in the file.
    public var errorCount: Int
    /// The number of warnings in the file.
    public var warningCount: Int

    /// Creates a result; `warningCount` defaults to the warnings among `diagnostics`.
    public init(config: LVSConfig, diagnostics: [Diagnostic], errorCount: Int, warningCount: Int? = nil) {
        self.config = config
        self.diagnostics = diagnostics
        self.errorCount = errorCount
        self.warningCount = warningCount ?? diagnostics.filter { $0.severity == .warning }.count
    }

    /// Problems counted but not among ``diagnostics``.
    public var omittedCount: Int { errorCount + warningCount - diagnostics.count }

    /// `"3 errors, 1 warning"`, and how many are not shown when some were left out.
    public var countsDescription: String {
        func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
        let counts = "\(count(errorCount, "error")), \(count(warningCount, "warning"))"
        return omittedCount > 0 ? counts + " (only the first \(diagnostics.count) shown)" : counts
    }

    /// Whether the file has at least one error (so it must not be used).
    public var hasErrors: Bool { errorCount > 0 }
    /// The errors only.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// The warnings only.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
