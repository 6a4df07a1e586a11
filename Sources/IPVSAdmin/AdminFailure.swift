/// A command line ipvsadm would refuse, with what it prints and the exit status it uses.
struct AdminFailure: Error, Equatable, Sendable {
    /// The text printed on stderr, without the final newline.
    let message: String
    /// The exit status.
    let exitCode: Int32

    /// `fail(2, …)`: a validation error.
    static func validation(_ message: String) -> AdminFailure { AdminFailure(message: message, exitCode: 2) }

    /// popt's `"%s: %s"` (the offending word, popt's reason); the command line fails with -1.
    static func popt(_ word: String, _ reason: String) -> AdminFailure {
        AdminFailure(message: "\(word): \(reason)", exitCode: 255)
    }

    /// `tryhelp_exit`: the first word is not a command.
    static func tryHelp(_ program: String) -> AdminFailure {
        AdminFailure(message: "Try `\(program) -h' or '\(program) --help' for more information.", exitCode: 255)
    }
}
