/// The four places a setting can be in lvs.cf, and the keys each one accepts, for tools that
/// offer every setting (the web tool's forms are tested against these lists).
public enum LVSConfigSection: String, CaseIterable, Hashable, Sendable {
    /// Outside any block.
    case global
    /// A `virtual` block.
    case virtual
    /// A `failover` block.
    case failover
    /// A `server` block inside a `virtual` block.
    case server

    /// The section a block is.
    public init(_ block: LVSConfigBlockPath?) {
        switch block {
        case nil: self = .global
        case .virtual: self = .virtual
        case .failover: self = .failover
        case .server: self = .server
        }
    }

    /// Every key the section accepts, in the order lvs.cf's grammar lists them. Piranha's legacy
    /// `dirs` (accepted and ignored) is left out: there is nothing to set.
    public var keys: [String] {
        let context: ConfigParseRun.Context =
            switch self {
            case .global: .global
            case .virtual: .virtual
            case .failover: .failover
            case .server: .server
            }
        return ConfigKey.allCases.filter { key in
            key != .virtual && key != .failover && key != .server && key != .dirs && key.isAllowed(in: context)
        }.map(\.rawValue)
    }
}
