/// Whole lines to standard output and standard error, unbuffered: for the programs' `main`s,
/// before logging is set up and for one-shot modes such as `--check`. Libraries log instead.
public enum Console {
    /// Writes `line` and (unless told not to) a newline to standard output.
    public static func print(_ line: String, newline: Bool = true) {
        try? FileDescriptor.standardOutput.writeAll(Array((newline ? line + "\n" : line).utf8))
    }

    /// Writes `line` and a newline to standard error.
    public static func error(_ line: String) {
        try? FileDescriptor.standardError.writeAll(Array((line + "\n").utf8))
    }
}
