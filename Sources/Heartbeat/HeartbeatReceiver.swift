import Addressing

/// Checks received datagrams against everything a heartbeat must satisfy and remembers what it
/// needs to refuse replays. Pure: pulse passes in the bytes, the sender's address and the time.
///
/// For the project's format (``HeartbeatPacket``), in order: the sender must be one of the peer's
/// addresses; the packet must decode and authenticate; it must name the path it arrived on and
/// the peer's role; and it must be newer than what was accepted before:
///
/// - Within one run of the peer (same boot id), each path's sequence numbers must increase. A
///   packet older than one already received on the other path is accepted but marked
///   ``ReceivedHeartbeat/isStale``: it shows its path works, its state is out of date.
/// - A larger boot id is a restart of the peer and is accepted.
/// - A smaller boot id (an earlier run) is refused as replayed, unless the peer has been silent for
///   `deadtime` (it may have restarted with its clock set back).
/// - When `maximumClockSkew` is set, a packet that starts a new run must have been sent within that
///   much of this node's clock, so a packet recorded long ago cannot open a run.
///
/// For Piranha's format: the sender must be one of the peer's addresses, the length 4 and the magic
/// number one this service type accepts. Piranha's format has nothing to check replays against.
public struct HeartbeatReceiver: Sendable {
    /// The wire format.
    public let wireProtocol: HeartbeatProtocol
    /// This node's role; the peer must have the other one.
    public let localRole: FailoverRole
    /// The peer's addresses.
    public let peer: HeartbeatPeer
    /// How long the peer may be silent before an earlier run's boot id is accepted again.
    public var deadtime: Duration
    /// The largest difference between the peer's and this node's clock accepted when a new run of
    /// the peer starts; `nil` does not check clocks.
    public let maximumClockSkew: Duration?
    /// The service type, for Piranha's magic numbers.
    public let piranhaService: PiranhaHeartbeat.Service
    private let key: HeartbeatKey?

    private var currentBootID: UInt64?
    private var lastSequence: [HeartbeatPath: UInt64] = [:]
    private var lastAccepted: ContinuousClock.Instant?

    /// Creates a receiver.
    public init(
        protocol wireProtocol: HeartbeatProtocol, localRole: FailoverRole, peer: HeartbeatPeer, key: HeartbeatKey?,
        deadtime: Duration, maximumClockSkew: Duration? = nil, piranhaService: PiranhaHeartbeat.Service = .lvs
    ) {
        self.wireProtocol = wireProtocol
        self.localRole = localRole
        self.peer = peer
        self.key = key
        self.deadtime = deadtime
        self.maximumClockSkew = maximumClockSkew
        self.piranhaService = piranhaService
    }

    /// Checks one datagram from `source`, received at `now` (monotonic) and `wallClock`.
    public mutating func receive(
        _ datagram: some Collection<UInt8>, from source: IPAddress, at now: ContinuousClock.Instant,
        wallClock: WallClockTime
    ) -> Result<ReceivedHeartbeat, HeartbeatRejection> {
        let sender = source.description
        guard let path = peer.path(of: source) else {
            return .failure(
                HeartbeatRejection(.unknownSender, "not one of the peer's addresses (\(peer))", source: sender))
        }
        switch wireProtocol {
        case .piranha:
            do {
                let magic = try PiranhaHeartbeat(decoding: datagram, service: piranhaService)
                lastAccepted = now
                return .success(ReceivedHeartbeat(path: path, state: magic.peerState))
            } catch {
                return .failure(error.from(sender))
            }
        case .lvsrouter:
            let packet: HeartbeatPacket
            do {
                packet = try HeartbeatPacket(decoding: datagram, key: key)
            } catch {
                return .failure(error.from(sender))
            }
            if let rejection = check(packet, path: path, now: now, wallClock: wallClock) {
                return .failure(rejection.from(sender))
            }
            if packet.bootID != currentBootID {
                currentBootID = packet.bootID
                lastSequence = [:]
            }
            let newest = lastSequence.values.max() ?? 0
            lastSequence[path] = packet.sequence
            lastAccepted = now
            return .success(
                ReceivedHeartbeat(
                    path: path, state: packet.state, table: packet.table, bootID: packet.bootID, sequence: packet.sequence,
                    configSerial: packet.configSerial, sentAt: packet.sentAt, isStale: packet.sequence < newest))
        }
    }

    private func check(
        _ packet: HeartbeatPacket, path: HeartbeatPath, now: ContinuousClock.Instant, wallClock: WallClockTime
    ) -> HeartbeatRejection? {
        guard packet.path == path else {
            return HeartbeatRejection(
                .malformed, "it names the \(packet.path) path but came from the peer's \(path) address")
        }
        guard packet.role == localRole.peer else {
            return HeartbeatRejection(
                .roleConflict, "the sender also claims to be the \(packet.role); check `primary` and `backup` "
                    + "in both directors' lvs.cf")
        }
        if let currentBootID, packet.bootID == currentBootID {
            let last = lastSequence[path] ?? 0
            guard packet.sequence > last else {
                return HeartbeatRejection(
                    .replayed, "sequence \(packet.sequence) on the \(path) path is not newer than \(last)")
            }
            return nil
        }
        if let currentBootID, packet.bootID < currentBootID {
            let silentLongEnough = lastAccepted.map { now - $0 >= deadtime } ?? true
            guard silentLongEnough else {
                return HeartbeatRejection(
                    .replayed, "boot id \(packet.bootID) is from an earlier run of the peer (current run \(currentBootID))")
            }
        }
        if let maximumClockSkew {
            let skew = packet.sentAt.since(wallClock)
            guard skew <= maximumClockSkew, skew >= .zero - maximumClockSkew else {
                return HeartbeatRejection(
                    .replayed, "a new run of the peer (boot id \(packet.bootID)) sent at \(packet.sentAt), "
                        + "\(skew) off this node's clock (limit \(maximumClockSkew))")
            }
        }
        return nil
    }
}
