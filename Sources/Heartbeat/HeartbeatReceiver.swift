import Addressing

/// Checks received datagrams against everything a heartbeat must satisfy and remembers what it
/// needs to refuse replays. Pure: pulse passes in the bytes, the sender's address and its own
/// sender's sequence number.
///
/// For the project's format (``HeartbeatPacket``), in order: the sender must be one of the peer's
/// addresses; the packet must decode and authenticate; it must name the path it arrived on and
/// the peer's role; and it must be fresh:
///
/// - Within the peer's run this node follows (same boot id), each path's sequence numbers must
///   increase. A packet older than one already received on the other path is accepted but marked
///   ``ReceivedHeartbeat/isStale``: it shows its path works, its state is out of date.
/// - A packet of any other run (the peer restarted, or a recording) is believed only when it
///   echoes one of this node's last ``freshRounds`` heartbeats (``HeartbeatEcho``). A recording of
///   an earlier run echoes heartbeats long gone and is refused, with or without a key, whatever its
///   timestamps say. A restarted peer echoes this node within a round or two of hearing it.
/// - Without a key anyone can forge a heartbeat, so nothing a packet says may lock the genuine
///   peer out: a packet that is not newer, or of another run without a fresh echo, still proves
///   its path is alive (stale, its state not acted on), and three consecutive rounds of such a
///   stream are followed from then on. One forged packet (a huge sequence number, a new boot id)
///   therefore costs at most three rounds of out-of-date state, never a heartbeat.
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
    /// This node's own run (its sender's boot id), which a fresh echo names.
    public let ownBootID: UInt64
    /// The interval of the peer's heartbeats.
    public var keepalive: Duration
    /// How long the peer may be silent before it is declared dead.
    public var deadtime: Duration
    /// The service type, for Piranha's magic numbers.
    public let piranhaService: PiranhaHeartbeat.Service
    private let key: HeartbeatKey?

    private var currentBootID: UInt64?
    private var lastSequence: [HeartbeatPath: UInt64] = [:]
    /// The peer's heartbeat this node echoes.
    public private(set) var echo: HeartbeatEcho = .none
    /// Set when ``echo`` started naming a run not followed yet: that peer needs a heartbeat back.
    private var echoRequested = false
    /// Without a key: a run not yet followed, and how many consecutive rounds of it arrived.
    private var candidate: (bootID: UInt64, sequence: UInt64, count: Int)?
    /// Without a key: per path, consecutive rounds below the followed sequence number.
    private var behind: [HeartbeatPath: (sequence: UInt64, count: Int)] = [:]

    /// Consecutive rounds after which a stream the receiver did not believe is followed (no key).
    static let roundsToFollow = 3
    /// The largest step between two rounds of one stream counted as consecutive (lost packets).
    static let largestStep: UInt64 = 4

    /// Creates a receiver.
    public init(
        protocol wireProtocol: HeartbeatProtocol, localRole: FailoverRole, peer: HeartbeatPeer, key: HeartbeatKey?,
        ownBootID: UInt64, keepalive: Duration, deadtime: Duration, piranhaService: PiranhaHeartbeat.Service = .lvs
    ) {
        self.wireProtocol = wireProtocol
        self.localRole = localRole
        self.peer = peer
        self.key = key
        self.ownBootID = ownBootID
        self.keepalive = keepalive
        self.deadtime = deadtime
        self.piranhaService = piranhaService
    }

    /// Whether a heartbeat should go out now for a peer's run heard but not followed yet (see
    /// ``FailoverEvent/echoRequested``); asking clears it.
    public mutating func takeEchoRequest() -> Bool {
        defer { echoRequested = false }
        return echoRequested
    }

    /// How many of this node's latest rounds an echo may name: two deadtimes' worth (an echo lags
    /// by the peer's own interval and both directions' delays), at least 8.
    public var freshRounds: UInt64 {
        let rounds = keepalive > .zero ? (deadtime * 2) / keepalive : 0
        return UInt64(max(8, Int(rounds.rounded(.up)) + 2))
    }

    /// Checks one datagram from `source`; `ownSequence` is the sequence number of this node's
    /// latest heartbeat round (what a fresh echo may name). No clock is consulted.
    public mutating func receive(
        _ datagram: some Collection<UInt8>, from source: IPAddress, ownSequence: UInt64
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
            if let rejection = check(packet, path: path) {
                return .failure(rejection.from(sender))
            }
            switch judge(packet, path: path, ownSequence: ownSequence) {
            case .follow:
                let newest = lastSequence.values.max() ?? 0
                lastSequence[path] = packet.sequence
                behind[path] = nil
                if packet.sequence > echo.sequence {
                    echo = HeartbeatEcho(bootID: packet.bootID, sequence: packet.sequence)
                }
                return .success(heartbeat(packet, path: path, isStale: packet.sequence < newest))
            case .aliveOnly:
                return .success(heartbeat(packet, path: path, isStale: true))
            case .refuse(let rejection):
                return .failure(rejection.from(sender))
            }
        }
    }

    private enum Judgement {
        /// Part of the run followed: its state counts.
        case follow
        /// Proves the path is alive; its state is not acted on (keyless only).
        case aliveOnly
        case refuse(HeartbeatRejection)
    }

    private mutating func judge(_ packet: HeartbeatPacket, path: HeartbeatPath, ownSequence: UInt64) -> Judgement {
        if packet.bootID == currentBootID {
            let last = lastSequence[path] ?? 0
            if packet.sequence > last { return .follow }
            guard key == nil else {
                return .refuse(
                    HeartbeatRejection(
                        .replayed, "sequence \(packet.sequence) on the \(path) path is not newer than \(last)"))
            }
            // No key: this stream may be the genuine one, behind a forged high sequence number.
            let count = behind[path].map { isNextRound(packet.sequence, after: $0.sequence) ? $0.count + 1 : 1 } ?? 1
            behind[path] = (packet.sequence, count)
            guard count >= Self.roundsToFollow else { return .aliveOnly }
            lastSequence[path] = packet.sequence - 1
            echo = HeartbeatEcho(bootID: packet.bootID, sequence: packet.sequence - 1)
            return .follow
        }
        if isFresh(packet.echo, ownSequence: ownSequence) {
            adopt(packet.bootID)
            return .follow
        }
        // Not believed yet. Echo the newest run heard while none is followed, so that a peer
        // starting beside this node can see its own heartbeats come back.
        if currentBootID == nil, packet.bootID >= echo.bootID {
            if packet.bootID != echo.bootID { echoRequested = true }
            echo = HeartbeatEcho(
                bootID: packet.bootID, sequence: max(packet.sequence, packet.bootID == echo.bootID ? echo.sequence : 0))
        }
        guard key == nil else {
            if packet.echo == .none {
                return .refuse(
                    HeartbeatRejection(
                        .handshake, "run \(packet.bootID) of the peer has not heard this node yet (it echoes nothing)"))
            }
            return .refuse(
                HeartbeatRejection(
                    .unverified,
                    "run \(packet.bootID) of the peer does not echo one of this node's last \(freshRounds) "
                        + "heartbeats (it echoes \(packet.echo)): a recording of an earlier run"))
        }
        if let c = candidate, c.bootID == packet.bootID, isNextRound(packet.sequence, after: c.sequence) {
            candidate = (c.bootID, packet.sequence, c.count + 1)
        } else {
            candidate = (packet.bootID, packet.sequence, 1)
        }
        if let c = candidate, c.count >= Self.roundsToFollow {
            adopt(packet.bootID)
            return .follow
        }
        return .aliveOnly
    }

    private mutating func adopt(_ bootID: UInt64) {
        currentBootID = bootID
        lastSequence = [:]
        behind = [:]
        candidate = nil
        echo = HeartbeatEcho(bootID: bootID, sequence: 0)
    }

    /// Whether `echo` names one of this node's last ``freshRounds`` heartbeats.
    private func isFresh(_ echo: HeartbeatEcho, ownSequence: UInt64) -> Bool {
        echo.bootID == ownBootID && echo.sequence >= 1 && echo.sequence <= ownSequence
            && ownSequence - echo.sequence < freshRounds
    }

    private func isNextRound(_ sequence: UInt64, after previous: UInt64) -> Bool {
        sequence > previous && sequence - previous <= Self.largestStep
    }

    private func heartbeat(_ packet: HeartbeatPacket, path: HeartbeatPath, isStale: Bool) -> ReceivedHeartbeat {
        ReceivedHeartbeat(
            path: path, state: packet.state, table: packet.table, bootID: packet.bootID, sequence: packet.sequence,
            configSerial: packet.configSerial, sentAt: packet.sentAt, isStale: isStale)
    }

    private func check(_ packet: HeartbeatPacket, path: HeartbeatPath) -> HeartbeatRejection? {
        guard packet.path == path else {
            return HeartbeatRejection(
                .malformed, "it names the \(packet.path) path but came from the peer's \(path) address")
        }
        guard packet.role == localRole.peer else {
            return HeartbeatRejection(
                .roleConflict,
                "the sender also claims to be the \(packet.role); check `primary` and `backup` "
                    + "in both directors' lvs.cf")
        }
        return nil
    }
}
