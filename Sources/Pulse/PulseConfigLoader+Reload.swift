import Addressing
import Heartbeat

extension PulseConfigLoader {
    /// What a reload read: lines for the log (the file's errors, or its warnings), and the
    /// settings the file gives or why it cannot be used.
    public struct ReloadRead: Sendable {
        /// The file's errors, one `FILE:LINE:COLUMN: error: …` line each.
        public var errors: [String] = []
        /// The file's warnings.
        public var warnings: [String] = []
        /// The settings, or why the reload is refused.
        public var outcome: Result<PulseSettings, PulseReloadError>

        /// The lines for the log: errors, then warnings.
        public var logSteps: [PulseStep] { errors.map { .log(.error, $0) } + warnings.map { .log(.warning, $0) } }
    }

    /// Reads `path` for a reload of a pulse that runs as `role` (the role stays as pulse started
    /// with it: only a restart changes it, so the reload asks the kernel nothing). It reads the
    /// file and resolves names: call it off the heartbeat loop.
    public static func readForReload(_ path: String, role: FailoverRole, clusterAddress: IPAddress? = nil) -> ReloadRead
    {
        let loaded: Loaded
        do throws(PulseConfigError) {
            loaded = try load(path)
        } catch {
            return ReloadRead(errors: error.lines, outcome: .failure(PulseReloadError(reason: "\(error)")))
        }
        let warnings = loaded.warnings.map(\.description)
        do {
            return ReloadRead(
                warnings: warnings,
                outcome: .success(try PulseSettings(config: loaded.config, role: role, clusterAddress: clusterAddress)))
        } catch {
            return ReloadRead(warnings: warnings, outcome: .failure(PulseReloadError(reason: "\(path): \(error)")))
        }
    }
}
