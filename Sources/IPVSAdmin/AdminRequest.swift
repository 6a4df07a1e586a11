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
