import Heartbeat
import Testing

/// Piranha's magic numbers as they appear on the wire of an x86 (little-endian) host.
@Suite struct PiranhaHeartbeatTests {
    static let golden: [(PiranhaHeartbeat, [UInt8])] = [
        (.running, [0xda, 0xdb, 0xad, 0xbd]),
        (.stopped, [0xbd, 0xda, 0xbd, 0xad]),
        (.fosRunning, [0xbe, 0xba, 0xef, 0xbe]),
        (.fosStopped, [0xef, 0xbe, 0xad, 0xde]),
        (.stopMe, [0xda, 0xda, 0xad, 0xde]),
        (.hold, [0xbe, 0xba, 0xaf, 0xde]),
        (.held, [0xda, 0xda, 0xaf, 0xde]),
    ]

    #if _endian(little)
    @Test func encodesInHostOrderLikePiranhaOnX86() {
        for (magic, bytes) in Self.golden { #expect(magic.bytes == bytes, "\(magic)") }
    }

    @Test func decodesWhatAnLVSNodeAccepts() throws {
        for (magic, bytes) in Self.golden where magic != .fosRunning && magic != .fosStopped {
            #expect(try PiranhaHeartbeat(decoding: bytes, service: .lvs) == magic)
        }
    }
    #endif

    @Test func lvsNodeRejectsFOSHeartbeatsAsIncompatible() {
        for magic in [PiranhaHeartbeat.fosRunning, .fosStopped] {
            #expect {
                try PiranhaHeartbeat(decoding: magic.bytes, service: .lvs)
            } throws: { error in
                guard let rejection = error as? HeartbeatRejection else { return false }
                return rejection.reason == .foreign
                    && rejection.detail.contains("other system not using identical services")
            }
        }
    }

    @Test func fosNodeRejectsLVSHeartbeatsAndAcceptsItsOwn() throws {
        #expect(throws: HeartbeatRejection.self) {
            try PiranhaHeartbeat(decoding: PiranhaHeartbeat.running.bytes, service: .fos)
        }
        #expect(throws: HeartbeatRejection.self) {
            try PiranhaHeartbeat(decoding: PiranhaHeartbeat.stopped.bytes, service: .fos)
        }
        #expect(try PiranhaHeartbeat(decoding: PiranhaHeartbeat.fosRunning.bytes, service: .fos) == .fosRunning)
        #expect(try PiranhaHeartbeat(decoding: PiranhaHeartbeat.stopMe.bytes, service: .fos) == .stopMe)
    }

    @Test func unknownMagicIsForeign() {
        #expect {
            try PiranhaHeartbeat(decoding: [1, 2, 3, 4])
        } throws: { ($0 as? HeartbeatRejection)?.reason == .foreign }
    }

    @Test func wrongLengthIsABadHeartbeatPacket() {
        for length in [0, 1, 3] {
            #expect {
                try PiranhaHeartbeat(decoding: Array(PiranhaHeartbeat.running.bytes.prefix(length)))
            } throws: { ($0 as? HeartbeatRejection)?.reason == .truncated }
        }
        #expect {
            try PiranhaHeartbeat(decoding: PiranhaHeartbeat.running.bytes + [0])
        } throws: { error in
            let rejection = error as? HeartbeatRejection
            return rejection?.reason == .malformed && rejection?.detail.hasPrefix("bad heartbeat packet") == true
        }
    }

    @Test func statesMapToRunningOnlyWhenActive() {
        for state in HeartbeatState.allCases {
            let magic = PiranhaHeartbeat(state: state)
            #expect(magic == (state == .active ? .running : .stopped), "\(state)")
            #expect(PiranhaHeartbeat(state: state, service: .fos) == (state == .active ? .fosRunning : .fosStopped))
        }
    }

    @Test func peerStateFollowsPiranhasReceiver() {
        #expect(PiranhaHeartbeat.running.peerState == .active)
        #expect(PiranhaHeartbeat.stopped.peerState == .inactive)
        #expect(PiranhaHeartbeat.stopMe.peerState == .active)
        #expect(PiranhaHeartbeat.hold.peerState == nil)
        #expect(PiranhaHeartbeat.held.peerState == nil)
    }
}
