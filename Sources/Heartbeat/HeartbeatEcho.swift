/// The last heartbeat a node heard from its peer, sent back in each of its own heartbeats.
///
/// A packet that opens a new run of the peer is believed only when it echoes a heartbeat this node
/// sent within the last few rounds: a recording of an earlier run echoes heartbeats long gone, so
/// it cannot stand in for the peer, whatever its timestamps say.
public struct HeartbeatEcho: Hashable, Sendable, CustomStringConvertible {
    /// The boot id of the run heard (0: nothing heard yet).
    public var bootID: UInt64
    /// The sequence number heard last from that run.
    public var sequence: UInt64

    /// Creates an echo.
    public init(bootID: UInt64, sequence: UInt64) {
        self.bootID = bootID
        self.sequence = sequence
    }

    /// Nothing heard yet.
    public static let none = HeartbeatEcho(bootID: 0, sequence: 0)

    public var description: String {
        self == .none ? "nothing" : "run \(bootID) sequence \(sequence)"
    }
}
