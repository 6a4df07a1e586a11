import Glibc

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

extension Console {
    /// Whether standard input is a terminal.
    public static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Reads a secret: from a terminal with echo off (after `prompt` on it), otherwise one line of
    /// standard input (for scripts). nil at end of input.
    public static func readSecret(prompt: String) -> String? {
        if standardInputIsTerminal {
            var settings = termios()
            guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return readLine(strippingNewline: true) }
            var quiet = settings
            quiet.c_lflag &= ~tcflag_t(ECHO)
            Console.print(prompt, newline: false)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
            defer {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
                Console.print("")
            }
            return readLine(strippingNewline: true)
        }
        return readLine(strippingNewline: true)
    }
}
