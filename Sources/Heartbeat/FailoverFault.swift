/// A condition that keeps a node from holding the VIPs until it clears.
public enum FailoverFault: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// lvsd could not be kept running while the node was active, and the heartbeat (Piranha's)
    /// cannot say "handing over": the node let go at once. Cleared when the peer is seen active (it
    /// took over, as in Piranha), when lvsd's table is ready again, or by an admin's takeover
    /// request.
    case lvsdFailed
    /// Activation failed (a VIP could not be added, lvsd could not start…). Cleared like
    /// ``lvsdFailed``.
    case activationFailed
    /// A monitored link (`monitor_links`) is down. Cleared only when the link comes back.
    case linkDown(String)

    /// Whether an admin's takeover request may clear it (a dead link cannot be wished away).
    public var isAcknowledgeable: Bool {
        if case .linkDown = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .lvsdFailed: "lvsd failed"
        case .activationFailed: "activation failed"
        case .linkDown(let name): "link \(name) down"
        }
    }
}
