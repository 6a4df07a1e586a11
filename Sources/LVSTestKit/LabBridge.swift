/// A bridge of a ``NetworkLab``: a bridge device in a switch namespace of its own, to which
/// ``NetworkLab/connect(_:to:interface:addresses:)`` plugs hosts.
public struct LabBridge: Sendable, Hashable {
    /// The bridge's name in the lab.
    public let name: String
    /// The switch namespace holding it.
    public let namespace: NetworkNamespace
}
