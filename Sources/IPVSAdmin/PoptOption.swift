/// An option of a popt table: long name, short letter, and whether it takes an argument.
struct PoptOption: Sendable {
    /// Whether and how an option takes an argument.
    enum Argument: Sendable {
        /// `POPT_ARG_NONE`.
        case none
        /// `POPT_ARG_STRING`.
        case required
        /// `POPT_ARG_STRING | POPT_ARGFLAG_OPTIONAL`.
        case optional
    }

    let long: String?
    let short: UInt8?
    let argument: Argument
    let tag: AdminOption
    /// The long name's bytes, for matching without building strings.
    let longBytes: [UInt8]

    init(long: String?, short: UInt8?, argument: Argument, tag: AdminOption) {
        self.long = long
        self.short = short
        self.argument = argument
        self.tag = tag
        longBytes = long.map { Array($0.utf8) } ?? []
    }
}
