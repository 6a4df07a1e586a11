/// Names a block of an lvs.cf file, for editing it through `LVSConfigDocument`.
public enum LVSConfigBlockPath: Hashable, Sendable, CustomStringConvertible {
    /// `virtual NAME { … }`.
    case virtual(String)
    /// `failover NAME { … }`.
    case failover(String)
    /// `server NAME { … }` inside `virtual VIRTUAL { … }`.
    case server(String, virtual: String)

    /// `virtual 'www'`, `server 'rs1' in virtual 'www'`.
    public var description: String {
        switch self {
        case .virtual(let n): "virtual '\(n)'"
        case .failover(let n): "failover '\(n)'"
        case .server(let n, let v): "server '\(n)' in virtual '\(v)'"
        }
    }

    /// The block keyword.
    var keyword: String {
        switch self {
        case .virtual: "virtual"
        case .failover: "failover"
        case .server: "server"
        }
    }

    /// The block's own name.
    var name: String {
        switch self {
        case .virtual(let n), .failover(let n), .server(let n, _): n
        }
    }
}
