import Addressing

/// A `virtual` or `failover` block being read: the values seen so far, and what can only be
/// decided when the block closes (defaults that depend on later keys, masks that depend on the
/// address family).
struct ServiceBlockBuilder {
    enum Kind: String {
        case virtual
        case failover
    }

    var kind: Kind
    /// Values as read; a failover block is read into the same shape and converted at the end.
    var service: VirtualService
    var source: BlockSource
    /// Servers already closed.
    var servers: [ServerBlockBuilder] = []
    /// `vip_nmask` as written, resolved against the VIP's family when the block closes.
    var vipMask: MaskText?
    /// `pmask` as written.
    var persistenceMask: MaskText?
    /// `persistent` (0 = none).
    var persistentTimeout: UInt32 = 0
    var startCommand: String?
    var stopCommand: String?
    /// The line of the first `server` block, for the B.11 warning about a later `port`.
    var firstServerLine: Int32?
    /// Content is checked for syntax but not kept (a block with no usable name).
    var ignored: Bool

    init(kind: Kind, name: String, opening: SourceLocation, ignored: Bool) {
        self.kind = kind
        self.service = VirtualService(name: name)
        self.source = BlockSource(opening: opening)
        self.ignored = ignored
    }

    /// The block as named in messages: `virtual 'www'`.
    var label: String { "\(kind.rawValue) '\(service.name)'" }
}

/// A `server` block being read.
struct ServerBlockBuilder {
    var server: RealServer
    var source: BlockSource
    /// Whether the block set its own `port` (otherwise the service's final port applies).
    var portGiven = false
    var ignored: Bool

    init(name: String, opening: SourceLocation, ignored: Bool) {
        self.server = RealServer(name: name)
        self.source = BlockSource(opening: opening)
        self.ignored = ignored
    }
}

/// A netmask as written, before the address family it applies to is known.
enum MaskText: Equatable {
    /// `0` or `0.0.0.0`: Piranha's "no mask".
    case none
    /// A contiguous dotted IPv4 mask.
    case dotted(IPv4Netmask)
    /// A bare prefix length, for IPv6.
    case prefix(Int)
}
