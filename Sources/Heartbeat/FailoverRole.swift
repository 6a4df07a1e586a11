/// A director's role, fixed by the configuration: the node holding `primary` is the primary, the
/// other the backup. Roles never change at run time; which node is *active* does.
public enum FailoverRole: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The node whose address is `primary` in lvs.cf (Piranha's "master").
    case primary = 1
    /// The node whose address is `backup` in lvs.cf.
    case backup = 2

    /// The other node's role.
    public var peer: FailoverRole { self == .primary ? .backup : .primary }

    public var description: String {
        switch self {
        case .primary: "primary"
        case .backup: "backup"
        }
    }
}
