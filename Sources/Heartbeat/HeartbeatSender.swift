/// Builds the datagrams a node sends each heartbeat round: one per configured path, all with the
/// same sequence number (the receiver tracks sequence numbers per path).
public struct HeartbeatSender: Sendable {
    /// The wire format.
    public let wireProtocol: HeartbeatProtocol
    /// This node's role.
    public let role: FailoverRole
    /// This run's boot id.
    public let bootID: UInt64
    /// This node's configuration serial.
    public var configSerial: UInt32
    /// The paths to send on.
    public let paths: [HeartbeatPath]
    /// The service type, for Piranha's magic numbers.
    public let piranhaService: PiranhaHeartbeat.Service
    /// The sequence number of the last round (0 before the first).
    public private(set) var sequence: UInt64 = 0
    private let key: HeartbeatKey?

    /// Creates a sender.
    ///
    /// - Parameters:
    ///   - bootID: identifies this run of pulse; use the start time in nanoseconds since the epoch
    ///     (any value other than 0 works: the peer tells runs apart, it does not order them).
    ///   - paths: the peer's paths (``HeartbeatPeer/paths``).
    ///   - key: the shared key; `nil` sends unauthenticated heartbeats. Ignored for Piranha's format.
    public init(
        protocol wireProtocol: HeartbeatProtocol, role: FailoverRole, bootID: UInt64, configSerial: UInt32,
        paths: [HeartbeatPath], key: HeartbeatKey?, piranhaService: PiranhaHeartbeat.Service = .lvs
    ) {
        self.wireProtocol = wireProtocol
        self.role = role
        self.bootID = bootID
        self.configSerial = configSerial
        self.paths = paths
        self.key = key
        self.piranhaService = piranhaService
    }

    /// The next round: a datagram for each path announcing `state` and `table`, and echoing the
    /// peer's heartbeat heard last (``HeartbeatReceiver/echo``), sent at `now`. Piranha's format
    /// carries the state only.
    public mutating func datagrams(
        announcing state: HeartbeatState, table: TableReadiness = .unreported, echo: HeartbeatEcho = .none,
        at now: WallClockTime
    ) -> [HeartbeatDatagram] {
        sequence += 1
        return paths.map { path in
            switch wireProtocol {
            case .lvsrouter:
                let packet = HeartbeatPacket(
                    role: role, path: path, state: state, table: table, bootID: bootID, sequence: sequence,
                    configSerial: configSerial, sentAt: now, echo: echo)
                return HeartbeatDatagram(path: path, bytes: packet.encoded(key: key))
            case .piranha:
                return HeartbeatDatagram(
                    path: path, bytes: PiranhaHeartbeat(state: state, service: piranhaService).bytes)
            }
        }
    }
}

/// A datagram to send to the peer's address on `path`.
public struct HeartbeatDatagram: Hashable, Sendable {
    /// The path (which peer address, which local socket).
    public var path: HeartbeatPath
    /// The UDP payload.
    public var bytes: [UInt8]
}
