/// One heartbeat of the project's own protocol (`heartbeat_protocol = lvsrouter`): a UDP datagram
/// of 56 bytes, or 88 with an HMAC-SHA256 trailer when a ``HeartbeatKey`` is configured.
///
/// Layout, all integers big-endian (network order):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | magic `4C 56 48 42` ("LVHB") |
/// | 4 | 1 | version, 1 |
/// | 5 | 1 | flags: bit 0 set = HMAC-SHA256 trailer follows; other bits 0 |
/// | 6 | 1 | sender's role: 1 primary, 2 backup (``FailoverRole``) |
/// | 7 | 1 | path it is sent on: 1 public, 2 private (``HeartbeatPath``) |
/// | 8 | 1 | sender's state (``HeartbeatState``) |
/// | 9 | 1 | sender's table (``TableReadiness``): 0 not reported, 1 lvsd down, 2 checking, 3 ready, 4 cold standby |
/// | 10 | 2 | real servers awaiting a first health check while checking (0xFFFF: not known yet); 0 otherwise |
/// | 12 | 8 | boot id: identifies one run of the sender's pulse (pulse uses its start time in ns) |
/// | 20 | 8 | sequence number: 1 for the first heartbeat of a run, +1 for each |
/// | 28 | 4 | config serial: identifies the configuration the sender runs |
/// | 32 | 8 | sender's wall-clock time, ns since 1970-01-01 UTC (signed) |
/// | 40 | 8 | echo: the boot id of the receiver's run that the sender heard last (0: none yet) |
/// | 48 | 8 | echo: the sequence number it heard last from that run (0: none yet) |
/// | 56 | 32 | HMAC-SHA256 over bytes 0..<56, keyed with the shared key (only when flag bit 0 is set) |
///
/// The role and boot id form the sender's identity: the role must be the peer's, and a new boot id
/// marks a restart of the peer (its sequence numbers start again). The echo proves a packet is
/// fresh: one that opens a new run must echo a heartbeat the receiver sent moments ago, which a
/// recording of an earlier run cannot do.
public struct HeartbeatPacket: Hashable, Sendable {
    /// The magic number at offset 0: "LVHB".
    public static let magic: [UInt8] = [0x4C, 0x56, 0x48, 0x42]
    /// The version this code speaks.
    public static let version: UInt8 = 1
    /// The length without the HMAC trailer.
    public static let headerLength = 56
    /// The length of the HMAC-SHA256 trailer.
    public static let authenticationCodeLength = 32
    static let authenticatedFlag: UInt8 = 0x01

    /// The sender's role.
    public var role: FailoverRole
    /// The path the packet is sent on.
    public var path: HeartbeatPath
    /// The sender's state.
    public var state: HeartbeatState
    /// The sender's own IPVS table (warm standby).
    public var table: TableReadiness
    /// One run of the sender's pulse.
    public var bootID: UInt64
    /// Increases by one with each heartbeat of a run.
    public var sequence: UInt64
    /// The configuration the sender runs.
    public var configSerial: UInt32
    /// The sender's wall-clock time when it sent the packet.
    public var sentAt: WallClockTime
    /// The receiver's heartbeat the sender heard last.
    public var echo: HeartbeatEcho

    /// Creates a packet.
    public init(
        role: FailoverRole, path: HeartbeatPath, state: HeartbeatState, table: TableReadiness = .unreported,
        bootID: UInt64, sequence: UInt64, configSerial: UInt32, sentAt: WallClockTime, echo: HeartbeatEcho = .none
    ) {
        self.role = role
        self.path = path
        self.state = state
        self.table = table
        self.bootID = bootID
        self.sequence = sequence
        self.configSerial = configSerial
        self.sentAt = sentAt
        self.echo = echo
    }

    /// The datagram: the header, then the HMAC-SHA256 trailer when `key` is given.
    public func encoded(key: HeartbeatKey?) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Self.headerLength + Self.authenticationCodeLength)
        out += Self.magic
        out.append(Self.version)
        out.append(key == nil ? 0 : Self.authenticatedFlag)
        out.append(role.rawValue)
        out.append(path.rawValue)
        out.append(state.rawValue)
        let readiness = table.wire
        out.append(readiness.code)
        out.appendBigEndian(readiness.count)
        out.appendBigEndian(bootID)
        out.appendBigEndian(sequence)
        out.appendBigEndian(configSerial)
        out.appendBigEndian(UInt64(bitPattern: sentAt.nanosecondsSince1970))
        out.appendBigEndian(echo.bootID)
        out.appendBigEndian(echo.sequence)
        if let key { out += key.authenticationCode(for: out) }
        return out
    }

    /// Decodes and authenticates a datagram.
    ///
    /// Checks, in order: length and magic (``HeartbeatDropReason/truncated``,
    /// ``HeartbeatDropReason/foreign``), version, flags and exact length, the HMAC against `key`
    /// (``HeartbeatDropReason/unauthenticated``, ``HeartbeatDropReason/forged``), then the field
    /// values (``HeartbeatDropReason/malformed``). Sender, role and replay checks need state and
    /// are ``HeartbeatReceiver``'s.
    public init(decoding datagram: some Collection<UInt8>, key: HeartbeatKey?) throws(HeartbeatRejection) {
        let bytes = Array(datagram)
        guard bytes.count >= Self.magic.count else {
            throw HeartbeatRejection(.truncated, "\(bytes.count) bytes; a heartbeat has at least \(Self.headerLength)")
        }
        guard Array(bytes[0..<4]) == Self.magic else {
            throw HeartbeatRejection(.foreign, Self.describeForeignMagic(bytes))
        }
        guard bytes.count > 4 else {
            throw HeartbeatRejection(.truncated, "\(bytes.count) bytes; a heartbeat has at least \(Self.headerLength)")
        }
        guard bytes[4] == Self.version else {
            throw HeartbeatRejection(
                .foreign, "heartbeat version \(bytes[4]); this pulse speaks version \(Self.version)")
        }
        guard bytes.count >= Self.headerLength else {
            throw HeartbeatRejection(.truncated, "\(bytes.count) bytes; a heartbeat has at least \(Self.headerLength)")
        }
        let flags = bytes[5]
        guard flags & ~Self.authenticatedFlag == 0 else {
            throw HeartbeatRejection(.malformed, "unknown flags 0x\(String(flags, radix: 16))")
        }
        let authenticated = flags & Self.authenticatedFlag != 0
        let expected = Self.headerLength + (authenticated ? Self.authenticationCodeLength : 0)
        guard bytes.count >= expected else {
            throw HeartbeatRejection(
                .truncated, "\(bytes.count) bytes; an authenticated heartbeat has \(expected)")
        }
        guard bytes.count == expected else {
            throw HeartbeatRejection(
                .malformed,
                "\(bytes.count) bytes; a\(authenticated ? "n authenticated" : "n unauthenticated") "
                    + "heartbeat has \(expected)")
        }
        let header = Array(bytes[0..<Self.headerLength])
        switch (key, authenticated) {
        case (nil, true):
            throw HeartbeatRejection(
                .unauthenticated,
                "it carries an HMAC but this node has no heartbeat_key_file; the directors' "
                    + "heartbeat_key_file settings differ")
        case (.some, false):
            throw HeartbeatRejection(
                .unauthenticated,
                "it carries no HMAC but this node has a heartbeat_key_file; the directors' "
                    + "heartbeat_key_file settings differ")
        case (.some(let key), true):
            guard key.isValid(code: Array(bytes[Self.headerLength...]), for: header) else {
                throw HeartbeatRejection(
                    .forged, "HMAC-SHA256 does not match (sent without the key, or with a different heartbeat_key_file)"
                )
            }
        case (nil, false):
            break
        }
        guard let role = FailoverRole(rawValue: bytes[6]) else {
            throw HeartbeatRejection(.malformed, "role byte \(bytes[6]) is neither 1 (primary) nor 2 (backup)")
        }
        guard let path = HeartbeatPath(rawValue: bytes[7]) else {
            throw HeartbeatRejection(.malformed, "path byte \(bytes[7]) is neither 1 (public) nor 2 (private)")
        }
        guard let state = HeartbeatState(rawValue: bytes[8]) else {
            throw HeartbeatRejection(.malformed, "state byte \(bytes[8]) is not a known state (1...6)")
        }
        let count: UInt16 = bytes.bigEndianInteger(at: 10)
        guard let table = TableReadiness(code: bytes[9], count: count) else {
            throw HeartbeatRejection(
                .malformed,
                "table bytes 9...11 (\(bytes[9]), \(count)) are not a known readiness (0...4, a count only with 2)")
        }
        self.init(
            role: role, path: path, state: state, table: table, bootID: bytes.bigEndianInteger(at: 12),
            sequence: bytes.bigEndianInteger(at: 20), configSerial: bytes.bigEndianInteger(at: 28),
            sentAt: WallClockTime(nanosecondsSince1970: Int64(bitPattern: bytes.bigEndianInteger(at: 32))),
            echo: HeartbeatEcho(bootID: bytes.bigEndianInteger(at: 40), sequence: bytes.bigEndianInteger(at: 48)))
    }

    private static func describeForeignMagic(_ bytes: [UInt8]) -> String {
        let hex = bytes.prefix(4).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined(separator: " ")
        if bytes.count == PiranhaHeartbeat.length,
            (try? PiranhaHeartbeat(decoding: bytes, service: .lvs)) != nil
                || (try? PiranhaHeartbeat(decoding: bytes, service: .fos)) != nil
        {
            return "a Piranha heartbeat (\(hex)); the peer runs with heartbeat_protocol = piranha"
        }
        return "magic \(hex) is not LVHB"
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value.bigEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }

    func bigEndianInteger<T: FixedWidthInteger>(at offset: Int) -> T {
        var value: T = 0
        for i in 0..<MemoryLayout<T>.size { value = value << 8 | T(self[offset + i]) }
        return value
    }
}
