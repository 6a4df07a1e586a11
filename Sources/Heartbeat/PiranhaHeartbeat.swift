/// Piranha's heartbeat (`heartbeat_protocol = piranha`): one UDP datagram of exactly 4 bytes, a C
/// `unsigned int` magic number sent in the sender's **host byte order** (little-endian on x86;
/// Piranha never called `htonl`). This type encodes and decodes in this machine's byte order too,
/// so it talks to a Piranha pulse on the same architecture.
///
/// Piranha's receiver accepted the running/stopped values of its own service type (`service = lvs`
/// or `fos`) plus STOPME, HOLD and HELD, and logged "Incompatible heartbeat received -- other
/// system not using identical services" for the rest; ``init(decoding:service:)`` does the same.
public enum PiranhaHeartbeat: UInt32, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `HEARTBEAT_RUNNING_MAGIC`: an LVS node that is active.
    case running = 0xBDAD_DBDA
    /// `HEARTBEAT_STOPPED_MAGIC`: an LVS node that is inactive.
    case stopped = 0xADBD_DABD
    /// `FOS_HEARTBEAT_RUNNING_MAGIC`: a FOS node that is active.
    case fosRunning = 0xBEEF_BABE
    /// `FOS_HEARTBEAT_STOPPED_MAGIC`: a FOS node that is inactive.
    case fosStopped = 0xDEAD_BEEF
    /// `FOS_HEARTBEAT_STOPME_MAGIC`: "I am taking control, go inactive". Piranha then treated the
    /// sender as running.
    case stopMe = 0xDEAD_DADA
    /// `HEARTBEAT_HOLD_MAGIC`: accepted; Piranha's logic for it was disabled (`if (0)`).
    case hold = 0xDEAF_BABE
    /// `HEARTBEAT_HELD_MAGIC`: accepted; Piranha's logic for it was disabled.
    case held = 0xDEAF_DADA

    /// Piranha's `service` setting, which selects the running/stopped pair.
    public enum Service: String, Hashable, Sendable, CaseIterable {
        /// `service = lvs`.
        case lvs
        /// `service = fos` (failover services).
        case fos
    }

    /// The datagram length: `sizeof(unsigned int)`.
    public static let length = 4

    /// The heartbeat a node in `state` sends: running when active, stopped otherwise.
    ///
    /// ``HeartbeatState/handingOver`` is sent as *stopped*: a Piranha peer that is inactive
    /// activates when it sees it ("backup inactive"/"primary inactive: activating lvs"), announces
    /// *running*, and only then does this node let go.
    public init(state: HeartbeatState, service: Service = .lvs) {
        switch (state, service) {
        case (.active, .lvs): self = .running
        case (.active, .fos): self = .fosRunning
        case (_, .lvs): self = .stopped
        case (_, .fos): self = .fosStopped
        }
    }

    /// Decodes a datagram as Piranha's receiver did for a node of type `service`.
    public init(decoding datagram: some Collection<UInt8>, service: Service = .lvs) throws(HeartbeatRejection) {
        let bytes = Array(datagram)
        guard bytes.count == Self.length else {
            throw HeartbeatRejection(
                bytes.count < Self.length ? .truncated : .malformed,
                "bad heartbeat packet: \(bytes.count) bytes; a Piranha heartbeat has \(Self.length)")
        }
        // Host byte order, as Piranha's sender wrote it.
        let raw = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        let hostRaw = UInt32(littleEndian: raw)
        var hex: String { String(hostRaw, radix: 16) }
        guard let magic = PiranhaHeartbeat(rawValue: hostRaw) else {
            throw HeartbeatRejection(.foreign, "incompatible heartbeat 0x\(hex): not a Piranha magic number")
        }
        guard magic.isAccepted(by: service) else {
            throw HeartbeatRejection(
                .foreign,
                "incompatible heartbeat (\(magic), 0x\(hex)) -- other system not using identical "
                    + "services (this node runs service = \(service.rawValue))")
        }
        self = magic
    }

    /// The 4 bytes on the wire, in this machine's byte order.
    public var bytes: [UInt8] {
        var raw = rawValue
        return withUnsafeBytes(of: &raw) { Array($0) }
    }

    /// Whether a node of type `service` accepts this magic number.
    public func isAccepted(by service: Service) -> Bool {
        switch self {
        case .running, .stopped: service == .lvs
        case .fosRunning, .fosStopped: service == .fos
        case .stopMe, .hold, .held: true
        }
    }

    /// The peer's state this heartbeat tells of; `nil` for HOLD and HELD, which only prove the peer
    /// is alive.
    public var peerState: HeartbeatState? {
        switch self {
        case .running, .fosRunning, .stopMe: .active
        case .stopped, .fosStopped: .inactive
        case .hold, .held: nil
        }
    }

    /// Piranha's `#define` name.
    public var description: String {
        switch self {
        case .running: "HEARTBEAT_RUNNING_MAGIC"
        case .stopped: "HEARTBEAT_STOPPED_MAGIC"
        case .fosRunning: "FOS_HEARTBEAT_RUNNING_MAGIC"
        case .fosStopped: "FOS_HEARTBEAT_STOPPED_MAGIC"
        case .stopMe: "FOS_HEARTBEAT_STOPME_MAGIC"
        case .hold: "HEARTBEAT_HOLD_MAGIC"
        case .held: "HEARTBEAT_HELD_MAGIC"
        }
    }
}
