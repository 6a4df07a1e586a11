import IPVS

/// What one ipvsadm command line asks for, once read and checked.
enum AdminRequest: Equatable, Sendable {
    /// `-h`: the usage text on stdout.
    case help
    /// `-v`: the version line on stdout.
    case version
    /// `-L` of the whole table.
    case listAll(ListingFormat)
    /// `-L -t|-u|--sctp-service|-f SERVICE`.
    case listService(IPVSServiceIdentity, ListingFormat)
    /// `-L -c`: the connection table.
    case listConnections(ListingFormat)
    /// `-L --timeout`.
    case listTimeouts
    /// `-L --daemon`.
    case listDaemons
    /// `-S`: the table as rules.
    case save(ListingFormat)
    /// `-R`: rules from standard input.
    case restore
    /// A change to the table.
    case change(IPVSOperation)
}

/// How a listing is printed (ipvsadm's `FMT_*` flags).
struct ListingFormat: OptionSet, Hashable, Sendable {
    let rawValue: UInt32
    /// `-n`: addresses and ports as numbers.
    static let numeric = ListingFormat(rawValue: 0x0001)
    /// `-S`: as `-A`/`-a` rules.
    static let rule = ListingFormat(rawValue: 0x0002)
    /// `--stats`.
    static let stats = ListingFormat(rawValue: 0x0004)
    /// `--rate`.
    static let rate = ListingFormat(rawValue: 0x0008)
    /// `--thresholds`.
    static let thresholds = ListingFormat(rawValue: 0x0010)
    /// `--persistent-conn`.
    static let persistentConnections = ListingFormat(rawValue: 0x0020)
    /// `--nosort`.
    static let noSort = ListingFormat(rawValue: 0x0040)
    /// `--exact`.
    static let exact = ListingFormat(rawValue: 0x0080)
    /// `--tun-info`.
    static let tunnelInfo = ListingFormat(rawValue: 0x0100)
}

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
