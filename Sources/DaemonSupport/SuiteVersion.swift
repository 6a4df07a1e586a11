/// The suite's release: every program's `--version` line and the Debian package's version
/// (`scripts/package` reads it from this file).
public enum SuiteVersion {
    /// The release number, `MAJOR.MINOR.PATCH`.
    public static let number = "1.1.0"

    /// The `--version` line of the program `name`: `pulse (LVSRouter) 1.1.0`.
    public static func line(for name: String) -> String {
        "\(name) (LVSRouter) \(number)"
    }
}
