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
