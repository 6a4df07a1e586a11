import Heartbeat
import Testing

/// Golden bytes for the LVHB v1 layout; the HMAC was computed independently with Python's
/// `hmac.new(key, header, hashlib.sha256)`.
@Suite struct HeartbeatPacketTests {
    static let key = try! HeartbeatKey(contents: Array("0123456789abcdef0123456789abcdef\n".utf8), path: "test.key")

    static let packet = HeartbeatPacket(
        role: .primary, path: .private, state: .active, bootID: 0x0102_0304_0506_0708, sequence: 42,
        configSerial: 0xDEAD_BEEF, sentAt: WallClockTime(nanosecondsSince1970: 1_700_000_000_123_456_789),
        echo: HeartbeatEcho(bootID: 0x1112_1314_1516_1718, sequence: 7))

    static let unauthenticatedBytes: [UInt8] = [
        0x4c, 0x56, 0x48, 0x42, 0x01, 0x00, 0x01, 0x02,
        0x02, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
        0x05, 0x06, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x2a, 0xde, 0xad, 0xbe, 0xef,
        0x17, 0x97, 0x9c, 0xfe, 0x3d, 0x85, 0xcd, 0x15,
        0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
    ]

    static let authenticatedBytes: [UInt8] = [
        0x4c, 0x56, 0x48, 0x42, 0x01, 0x01, 0x01, 0x02,
        0x02, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
        0x05, 0x06, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x2a, 0xde, 0xad, 0xbe, 0xef,
        0x17, 0x97, 0x9c, 0xfe, 0x3d, 0x85, 0xcd, 0x15,
        0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
        // HMAC-SHA256
        0x93, 0xce, 0x93, 0x18, 0xba, 0xe2, 0x70, 0x47,
        0xb9, 0x77, 0x41, 0xb4, 0x8a, 0x24, 0x44, 0x72,
        0xf1, 0xc5, 0x78, 0x13, 0xbd, 0x0c, 0x20, 0xf6,
        0xb2, 0x12, 0xd1, 0xcf, 0x4e, 0xb2, 0x63, 0x3b,
    ]

    /// The golden packet with its table checking, 3 real servers awaiting a first check: bytes
    /// 9...11 are `02 00 03`; the HMAC again from Python.
    static let checkingBytes: [UInt8] = [
        0x4c, 0x56, 0x48, 0x42, 0x01, 0x01, 0x01, 0x02,
        0x02, 0x02, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04,
        0x05, 0x06, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x2a, 0xde, 0xad, 0xbe, 0xef,
        0x17, 0x97, 0x9c, 0xfe, 0x3d, 0x85, 0xcd, 0x15,
        0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
        0x69, 0x88, 0x8a, 0xab, 0x94, 0xf1, 0x54, 0xee,
        0xae, 0xcc, 0x5f, 0x49, 0x6d, 0x52, 0x58, 0xd3,
        0x97, 0x02, 0xed, 0x4a, 0xdd, 0xb7, 0x95, 0x05,
        0x52, 0xa9, 0xb7, 0x71, 0x3d, 0x53, 0x54, 0x24,
    ]

    @Test func carriesTheTableReadinessInBytes9To11() throws {
        var packet = Self.packet
        packet.table = .checking(awaiting: 3)
        #expect(packet.encoded(key: Self.key) == Self.checkingBytes)
        #expect(try HeartbeatPacket(decoding: Self.checkingBytes, key: Self.key) == packet)
        let forms: [(TableReadiness, [UInt8])] = [
            (.unreported, [0, 0, 0]), (.down, [1, 0, 0]), (.checking(awaiting: 0), [2, 0, 0]),
            (.checking(awaiting: 70_000), [2, 0xff, 0xfe]), (.checking(awaiting: nil), [2, 0xff, 0xff]),
            (.ready, [3, 0, 0]), (.cold, [4, 0, 0]),
        ]
        for (table, bytes) in forms {
            packet.table = table
            let encoded = packet.encoded(key: nil)
            #expect(Array(encoded[9...11]) == bytes, "\(table)")
            let decoded = try HeartbeatPacket(decoding: encoded, key: nil)
            // A count too large for the wire saturates one below "not known".
            #expect(decoded.table == (table == .checking(awaiting: 70_000) ? .checking(awaiting: 65_534) : table))
        }
    }

    @Test func encodesWithoutKeyToGoldenBytes() {
        #expect(Self.packet.encoded(key: nil) == Self.unauthenticatedBytes)
    }

    @Test func encodesWithKeyToGoldenBytes() {
        #expect(Self.packet.encoded(key: Self.key) == Self.authenticatedBytes)
    }

    @Test func decodesGoldenBytes() throws {
        #expect(try HeartbeatPacket(decoding: Self.unauthenticatedBytes, key: nil) == Self.packet)
        #expect(try HeartbeatPacket(decoding: Self.authenticatedBytes, key: Self.key) == Self.packet)
    }

    @Test(arguments: FailoverRole.allCases, HeartbeatState.allCases)
    func roundTripsEveryRoleAndState(role: FailoverRole, state: HeartbeatState) throws {
        for path in HeartbeatPath.allCases {
            let packet = HeartbeatPacket(
                role: role, path: path, state: state, bootID: .max, sequence: 1, configSerial: 0,
                sentAt: WallClockTime(nanosecondsSince1970: -5))
            #expect(try HeartbeatPacket(decoding: packet.encoded(key: Self.key), key: Self.key) == packet)
            #expect(try HeartbeatPacket(decoding: packet.encoded(key: nil), key: nil) == packet)
        }
    }

    @Test func everyTruncationIsRejectedAsTruncated() {
        for bytes in [Self.unauthenticatedBytes, Self.authenticatedBytes] {
            let key = bytes.count == HeartbeatPacket.headerLength ? nil : Self.key
            for length in 0..<bytes.count {
                let rejection = decodeFailure(Array(bytes.prefix(length)), key: key)
                #expect(rejection?.reason == .truncated, "length \(length)")
            }
        }
        #expect(
            decodeFailure(Array(Self.unauthenticatedBytes.prefix(39)), key: nil)?.detail
                == "39 bytes; a heartbeat has at least 56")
    }

    @Test func wrongMagicIsForeign() {
        var bytes = Self.unauthenticatedBytes
        bytes[0] = 0x4d
        let rejection = decodeFailure(bytes, key: nil)
        #expect(rejection?.reason == .foreign)
        #expect(rejection?.detail == "magic 4d 56 48 42 is not LVHB")
    }

    @Test func piranhaHeartbeatIsForeignWithAHint() {
        let rejection = decodeFailure(PiranhaHeartbeat.running.bytes, key: nil)
        #expect(rejection?.reason == .foreign)
        #expect(rejection?.detail.contains("heartbeat_protocol = piranha") == true)
    }

    @Test func otherVersionIsForeign() {
        var bytes = Self.unauthenticatedBytes
        bytes[4] = 2
        let rejection = decodeFailure(bytes, key: nil)
        #expect(rejection?.reason == .foreign)
        #expect(rejection?.detail == "heartbeat version 2; this pulse speaks version 1")
    }

    @Test func extraBytesAreMalformed() {
        #expect(decodeFailure(Self.unauthenticatedBytes + [0], key: nil)?.reason == .malformed)
        #expect(decodeFailure(Self.authenticatedBytes + [0], key: Self.key)?.reason == .malformed)
    }

    @Test func unknownFieldValuesAreMalformed() {
        // Bytes 9...11 (the table): codes above 4, and a count with any code but 2 (checking).
        for (offset, value) in [
            (5, UInt8(0x02)), (6, 0), (6, 3), (7, 0), (7, 3), (8, 0), (8, 7), (9, 5), (9, 0xff), (10, 1), (11, 1),
        ] {
            var bytes = Self.unauthenticatedBytes
            bytes[offset] = value
            #expect(decodeFailure(bytes, key: nil)?.reason == .malformed, "byte \(offset) = \(value)")
        }
    }

    @Test func unknownStateBehindAValidMACIsMalformedAndABadMACIsForgedFirst() {
        var bytes = Self.authenticatedBytes
        bytes[8] = 9  // no such state; MAC computed with Python over this header
        let validMAC: [UInt8] = [
            0xb5, 0xfb, 0x11, 0xd8, 0xfe, 0x9a, 0xb0, 0xf5, 0x0a, 0x00, 0xdb, 0xd7, 0xb9, 0xd8, 0xfc, 0x44,
            0x0d, 0xc7, 0x18, 0x34, 0x69, 0xca, 0x76, 0x00, 0x15, 0x31, 0x4c, 0xb1, 0xe9, 0x8d, 0x52, 0x94,
        ]
        let signed = Array(bytes.prefix(HeartbeatPacket.headerLength)) + validMAC
        #expect(decodeFailure(signed, key: Self.key)?.reason == .malformed)
        #expect(decodeFailure(signed, key: Self.key)?.detail == "state byte 9 is not a known state (1...6)")
        // The same garbage with the MAC of the original header: authentication is checked first.
        #expect(decodeFailure(bytes, key: Self.key)?.reason == .forged)
    }

    @Test func anyFlippedBitIsForged() {
        // Every bit of the authenticated part and of the MAC itself.
        for index in 12..<Self.authenticatedBytes.count {
            for bit in 0..<8 {
                var bytes = Self.authenticatedBytes
                bytes[index] ^= UInt8(1 << bit)
                #expect(decodeFailure(bytes, key: Self.key)?.reason == .forged, "byte \(index) bit \(bit)")
            }
        }
    }

    @Test func otherKeyIsForged() throws {
        let other = try HeartbeatKey(contents: Array("another shared secret of 32 byte".utf8), path: "other.key")
        let rejection = decodeFailure(Self.authenticatedBytes, key: other)
        #expect(rejection?.reason == .forged)
        #expect(rejection?.detail.contains("HMAC-SHA256 does not match") == true)
    }

    @Test func keyMismatchIsUnauthenticatedBothWays() {
        let missing = decodeFailure(Self.unauthenticatedBytes, key: Self.key)
        #expect(missing?.reason == .unauthenticated)
        #expect(missing?.detail.contains("carries no HMAC") == true)
        let unexpected = decodeFailure(Self.authenticatedBytes, key: nil)
        #expect(unexpected?.reason == .unauthenticated)
        #expect(unexpected?.detail.contains("carries an HMAC") == true)
    }

    @Test func rejectionTextNamesTheSender() {
        let rejection = HeartbeatRejection(.forged, "HMAC-SHA256 does not match", source: "10.0.0.2")
        #expect(rejection.description == "dropping heartbeat from 10.0.0.2: forged: HMAC-SHA256 does not match")
    }

    private func decodeFailure(_ bytes: [UInt8], key: HeartbeatKey?) -> HeartbeatRejection? {
        do {
            _ = try HeartbeatPacket(decoding: bytes, key: key)
            return nil
        } catch {
            return error
        }
    }
}
