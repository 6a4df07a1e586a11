import DaemonSupport

/// Whole lines to standard output and standard error, unbuffered (before logging is set up,
/// and for `--check`).
enum Console {
    /// Writes `line` and a newline to standard output.
    static func print(_ line: String) {
        try? FileDescriptor.standardOutput.writeAll(Array((line + "\n").utf8))
    }

    /// Writes `line` and a newline to standard error.
    static func error(_ line: String) {
        try? FileDescriptor.standardError.writeAll(Array((line + "\n").utf8))
    }
}
