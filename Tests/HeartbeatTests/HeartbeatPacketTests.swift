import Heartbeat
import Testing

/// Golden bytes for the LVHB v1 layout; the HMAC was computed independently with Python's
/// `hmac.new(key, header, hashlib.sha256)`.
@Suite struct HeartbeatPacketTests {
    static let key = try! HeartbeatKey(contents: Array("0123456789abcdef0123456789abcdef\n".utf8), path: "test.key")

    static let packet = HeartbeatPacket(
        role: .primary, path: .private, state: .active, bootID: 0x0102_0304_0506_0708, sequence: 42,
        configSerial: 0xDEAD_BEEF, sentAt: WallClockTime(nanosecondsSince1970: 1_700_000_000_123_456_789))

    static let unauthenticatedBytes: [UInt8] = [
        0x4c, 0x56, 0x48, 0x42, 0x01, 0x00, 0x01, 0x02,
        0x02, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
        0x05, 0x06, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x2a, 0xde, 0xad, 0xbe, 0xef,
        0x17, 0x97, 0x9c, 0xfe, 0x3d, 0x85, 0xcd, 0x15,
    ]

    static let authenticatedBytes: [UInt8] = [
        0x4c, 0x56, 0x48, 0x42, 0x01, 0x01, 0x01, 0x02,
        0x02, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
        0x05, 0x06, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x2a, 0xde, 0xad, 0xbe, 0xef,
        0x17, 0x97, 0x9c, 0xfe, 0x3d, 0x85, 0xcd, 0x15,
        // HMAC-SHA256
        0x67, 0xf5, 0x70, 0x86, 0xb2, 0xa8, 0xf5, 0x6c,
        0x62, 0x36, 0x5e, 0x50, 0x1e, 0x3b, 0x11, 0x73,
        0x96, 0x4a, 0xa2, 0x58, 0xe8, 0x92, 0xa6, 0x50,
        0x7b, 0x1f, 0x54, 0x55, 0x2d, 0x0a, 0x18, 0xbf,
    ]

    /// The golden packet with its table checking, 3 real servers awaiting a first check: bytes
    /// 9...11 are `02 00 03`; the HMAC again from Python.
    static let checkingBytes: [UInt8] = [
        0x4c, 0x56, 0x48, 0x42, 0x01, 0x01, 0x01, 0x02,
        0x02, 0x02, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04,
        0x05, 0x06, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x2a, 0xde, 0xad, 0xbe, 0xef,
        0x17, 0x97, 0x9c, 0xfe, 0x3d, 0x85, 0xcd, 0x15,
        0xf4, 0x64, 0x42, 0x29, 0xcb, 0xf5, 0x6e, 0xdf,
        0xaf, 0x29, 0x43, 0x23, 0x31, 0x33, 0x3a, 0x59,
        0xc2, 0xec, 0xd8, 0xa2, 0xd3, 0x39, 0x36, 0x88,
        0x4e, 0x49, 0xec, 0x33, 0x10, 0xa0, 0xc4, 0x60,
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
        #expect(decodeFailure(Array(Self.unauthenticatedBytes.prefix(39)), key: nil)?.detail
            == "39 bytes; a heartbeat has at least 40")
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
        for (offset, value) in [(5, UInt8(0x02)), (6, 0), (6, 3), (7, 0), (7, 3), (8, 0), (8, 7), (9, 5), (9, 0xff), (10, 1), (11, 1)] {
            var bytes = Self.unauthenticatedBytes
            bytes[offset] = value
            #expect(decodeFailure(bytes, key: nil)?.reason == .malformed, "byte \(offset) = \(value)")
        }
    }

    @Test func unknownStateBehindAValidMACIsMalformedAndABadMACIsForgedFirst() {
        var bytes = Self.authenticatedBytes
        bytes[8] = 9  // no such state; MAC computed with Python over this header
        let validMAC: [UInt8] = [
            0x34, 0x33, 0x0c, 0xf2, 0xfd, 0x18, 0x98, 0x9e, 0x9d, 0x11, 0x87, 0x4f, 0xf6, 0xc5, 0x2a, 0x14,
            0x77, 0xb7, 0x7f, 0xb4, 0x3d, 0xe6, 0xfd, 0xd4, 0xa0, 0xaa, 0x2f, 0xdb, 0xb3, 0xe7, 0x8e, 0xc0,
        ]
        let signed = Array(bytes.prefix(40)) + validMAC
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
