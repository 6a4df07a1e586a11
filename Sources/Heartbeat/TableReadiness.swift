/// How ready a director's own IPVS table is to serve, as its heartbeats announce it.
///
/// With warm standby both directors run lvsd, so the inactive one has its table loaded and its
/// real servers checked before it takes the VIPs. Each heartbeat carries this, so a director
/// hands the VIPs over on purpose only to a partner whose table can serve them.
public enum TableReadiness: Hashable, Sendable, CustomStringConvertible {
    /// Nothing reported: Piranha's heartbeat format, a pulse that does not run lvsd (`--norun`),
    /// or a pulse from before warm standby. Decisions then go on as if the table were ready.
    case unreported
    /// Cold standby (`warm_standby = 0`, Piranha's way): lvsd runs only on the active director,
    /// so this one builds its table when it takes over.
    case cold
    /// lvsd is not running (it died and is being restarted, or cannot be kept running); whatever
    /// it left in the kernel's table stays there.
    case down
    /// lvsd runs; `awaiting` real servers have not had their first health check yet (`nil`: lvsd
    /// has not said how many yet).
    case checking(awaiting: Int?)
    /// lvsd runs and every real server has had its first health check: the table can serve.
    case ready

    /// Whether the VIPs may be handed to a director with this table on purpose (`lvsctl failover`):
    /// it is ready, builds its table on takeover (cold standby), or cannot say.
    public var acceptsHandover: Bool {
        switch self {
        case .unreported, .cold, .ready: true
        case .down, .checking: false
        }
    }

    /// Whether this director, taking over from a partner that still serves, can bring the VIPs up
    /// at once: its table is ready, or it cannot tell (no lvsd run by pulse).
    public var canServe: Bool {
        switch self {
        case .unreported, .ready: true
        case .cold, .down, .checking: false
        }
    }

    /// The same readiness, whatever the count of real servers still awaiting a check: what changes
    /// the partner's decisions.
    public var kind: TableReadiness {
        if case .checking = self { return .checking(awaiting: nil) }
        return self
    }

    public var description: String {
        switch self {
        case .unreported: "not reported"
        case .cold: "cold (lvsd runs only while active)"
        case .down: "lvsd not running"
        case .checking(let awaiting?):
            "checking (\(awaiting) real server\(awaiting == 1 ? "" : "s") awaiting a first health check)"
        case .checking(nil): "checking (lvsd starting)"
        case .ready: "ready"
        }
    }

    // MARK: - Wire form (HeartbeatPacket bytes 9...11)

    /// The count sent when lvsd has not said how many real servers await a check.
    static let unknownCount: UInt16 = 0xFFFF

    /// Byte 9 of a heartbeat: 0 not reported, 1 down, 2 checking, 3 ready, 4 cold; bytes 10...11:
    /// the real servers awaiting a first check (big-endian, saturating; 0xFFFF not known yet), 0
    /// unless checking.
    var wire: (code: UInt8, count: UInt16) {
        switch self {
        case .unreported: (0, 0)
        case .down: (1, 0)
        case .checking(let awaiting?): (2, UInt16(clamping: min(awaiting, Int(Self.unknownCount) - 1)))
        case .checking(nil): (2, Self.unknownCount)
        case .ready: (3, 0)
        case .cold: (4, 0)
        }
    }

    /// The readiness bytes 9...11 of a heartbeat say, or `nil` when they are not a valid form.
    init?(code: UInt8, count: UInt16) {
        switch (code, count) {
        case (0, 0): self = .unreported
        case (1, 0): self = .down
        case (2, Self.unknownCount): self = .checking(awaiting: nil)
        case (2, let count): self = .checking(awaiting: Int(count))
        case (3, 0): self = .ready
        case (4, 0): self = .cold
        default: return nil
        }
    }
}
