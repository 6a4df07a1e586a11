import Addressing
import Heartbeat
import Testing

@Suite struct HeartbeatReceiverTests {
    static let key = try! HeartbeatKey(contents: Array("a shared secret, 32 bytes long!!".utf8), path: "k")
    static let peer = HeartbeatPeer(publicAddress: IPAddress("10.0.0.2")!, privateAddress: IPAddress("192.168.9.2")!)
    static let wall = WallClockTime(seconds: 1_700_000_000)
    let t0 = ContinuousClock.now

    func receiver(skew: Duration? = nil) -> HeartbeatReceiver {
        HeartbeatReceiver(
            protocol: .lvsrouter, localRole: .primary, peer: Self.peer, key: Self.key, deadtime: .seconds(5),
            maximumClockSkew: skew)
    }

    func packet(
        path: HeartbeatPath = .public, state: HeartbeatState = .active, boot: UInt64 = 100, sequence: UInt64,
        role: FailoverRole = .backup, sentAt: WallClockTime = wall
    ) -> [UInt8] {
        HeartbeatPacket(
            role: role, path: path, state: state, table: .checking(awaiting: 4), bootID: boot, sequence: sequence,
            configSerial: 7, sentAt: sentAt
        ).encoded(key: Self.key)
    }

    func source(_ path: HeartbeatPath) -> IPAddress { Self.peer.address(on: path)! }

    @Test func acceptsAndReportsEverything() throws {
        var r = receiver()
        let result = r.receive(packet(path: .private, sequence: 1), from: source(.private), at: t0, wallClock: Self.wall)
        let heartbeat = try result.get()
        #expect(
            heartbeat
                == ReceivedHeartbeat(
                    path: .private, state: .active, table: .checking(awaiting: 4), bootID: 100, sequence: 1,
                    configSerial: 7, sentAt: Self.wall))
    }

    @Test func replayedSequenceIsDroppedPerPath() throws {
        var r = receiver()
        _ = try r.receive(packet(sequence: 5), from: source(.public), at: t0, wallClock: Self.wall).get()
        // The same round on the other path carries the same sequence number: fine.
        _ = try r.receive(packet(path: .private, sequence: 5), from: source(.private), at: t0, wallClock: Self.wall).get()
        for old in [5, 4, 1] as [UInt64] {
            let failure = rejection(r.receive(packet(sequence: old), from: source(.public), at: t0, wallClock: Self.wall))
            #expect(failure?.reason == .replayed)
            #expect(failure?.description == "dropping heartbeat from 10.0.0.2: replayed: sequence \(old) on the public path is not newer than 5")
        }
        _ = try r.receive(packet(sequence: 6), from: source(.public), at: t0, wallClock: Self.wall).get()
    }

    @Test func aRoundOvertakenOnTheOtherPathIsMarkedStale() throws {
        var r = receiver()
        let newer = try r.receive(packet(sequence: 8), from: source(.public), at: t0, wallClock: Self.wall).get()
        #expect(!newer.isStale)
        let older = try r.receive(packet(path: .private, sequence: 7), from: source(.private), at: t0, wallClock: Self.wall).get()
        #expect(older.isStale)
        let sameRound = try r.receive(packet(path: .private, sequence: 8), from: source(.private), at: t0, wallClock: Self.wall).get()
        #expect(!sameRound.isStale)
    }

    @Test func peerRestartWithLargerBootIDIsAccepted() throws {
        var r = receiver()
        _ = try r.receive(packet(boot: 100, sequence: 900), from: source(.public), at: t0, wallClock: Self.wall).get()
        let restarted = try r.receive(packet(boot: 200, sequence: 1), from: source(.public), at: t0, wallClock: Self.wall).get()
        #expect(restarted.bootID == 200)
        // The other path's first packet of the new run starts from 1 as well.
        _ = try r.receive(packet(path: .private, boot: 200, sequence: 1), from: source(.private), at: t0, wallClock: Self.wall).get()
        // The old run is over.
        let old = rejection(r.receive(packet(boot: 100, sequence: 901), from: source(.public), at: t0, wallClock: Self.wall))
        #expect(old?.reason == .replayed)
        #expect(old?.detail == "boot id 100 is from an earlier run of the peer (current run 200)")
    }

    @Test func earlierBootIDIsAcceptedAfterDeadtimeOfSilence() throws {
        var r = receiver()
        _ = try r.receive(packet(boot: 200, sequence: 3), from: source(.public), at: t0, wallClock: Self.wall).get()
        let soon = t0 + .seconds(4)
        #expect(rejection(r.receive(packet(boot: 150, sequence: 1), from: source(.public), at: soon, wallClock: Self.wall))?.reason == .replayed)
        // Rejected packets do not count as hearing the peer; 5 s after the last accepted one, a peer
        // restarted with its clock set back is believed.
        let later = t0 + .seconds(5)
        _ = try r.receive(packet(boot: 150, sequence: 1), from: source(.public), at: later, wallClock: Self.wall).get()
    }

    @Test func clockSkewLimitsPacketsThatStartARun() throws {
        var r = receiver(skew: .seconds(30))
        let old = Self.wall.advanced(by: .seconds(-3600))
        let stale = rejection(r.receive(packet(sequence: 1, sentAt: old), from: source(.public), at: t0, wallClock: Self.wall))
        #expect(stale?.reason == .replayed)
        #expect(stale?.detail.contains("off this node's clock (limit 30.0 seconds)") == true)
        let future = Self.wall.advanced(by: .seconds(31))
        #expect(rejection(r.receive(packet(sequence: 1, sentAt: future), from: source(.public), at: t0, wallClock: Self.wall))?.reason == .replayed)
        _ = try r.receive(packet(sequence: 1, sentAt: Self.wall.advanced(by: .seconds(29))), from: source(.public), at: t0, wallClock: Self.wall).get()
        // Within a run, the sequence number is what counts, not the clock.
        _ = try r.receive(packet(sequence: 2, sentAt: old), from: source(.public), at: t0, wallClock: Self.wall).get()
    }

    @Test func strangerIsUnknownSender() {
        var r = receiver()
        let failure = rejection(r.receive(packet(sequence: 1), from: IPAddress("10.0.0.66")!, at: t0, wallClock: Self.wall))
        #expect(failure?.reason == .unknownSender)
        #expect(failure?.description == "dropping heartbeat from 10.0.0.66: unknown sender: not one of the peer's addresses (10.0.0.2 (private 192.168.9.2))")
    }

    @Test func packetNamingTheOtherPathIsMalformed() {
        var r = receiver()
        let failure = rejection(r.receive(packet(path: .private, sequence: 1), from: source(.public), at: t0, wallClock: Self.wall))
        #expect(failure?.reason == .malformed)
    }

    @Test func peerClaimingOurRoleIsARoleConflict() {
        var r = receiver()
        let failure = rejection(r.receive(packet(sequence: 1, role: .primary), from: source(.public), at: t0, wallClock: Self.wall))
        #expect(failure?.reason == .roleConflict)
        #expect(failure?.detail.contains("also claims to be the primary") == true)
    }

    @Test func forgedAndTruncatedPacketsCarryTheSender() {
        var r = receiver()
        var forged = packet(sequence: 1)
        forged[20] ^= 1
        let f = rejection(r.receive(forged, from: source(.public), at: t0, wallClock: Self.wall))
        #expect(f?.reason == .forged)
        #expect(f?.source == "10.0.0.2")
        let t = rejection(r.receive(Array(packet(sequence: 1).prefix(50)), from: source(.public), at: t0, wallClock: Self.wall))
        #expect(t?.reason == .truncated)
        // A forged packet must not advance the replay window: the real sequence 1 still passes.
        #expect((try? r.receive(packet(sequence: 1), from: source(.public), at: t0, wallClock: Self.wall).get()) != nil)
    }

    @Test func piranhaModeChecksSenderLengthAndMagic() throws {
        var r = HeartbeatReceiver(
            protocol: .piranha, localRole: .backup, peer: HeartbeatPeer(publicAddress: IPAddress("10.0.0.1")!), key: nil,
            deadtime: .seconds(5))
        let ok = try r.receive(PiranhaHeartbeat.running.bytes, from: IPAddress("10.0.0.1")!, at: t0, wallClock: Self.wall).get()
        #expect(ok == ReceivedHeartbeat(path: .public, state: .active))
        let hold = try r.receive(PiranhaHeartbeat.hold.bytes, from: IPAddress("10.0.0.1")!, at: t0, wallClock: Self.wall).get()
        #expect(hold.state == nil)
        #expect(rejection(r.receive(PiranhaHeartbeat.running.bytes, from: IPAddress("10.0.0.9")!, at: t0, wallClock: Self.wall))?.reason == .unknownSender)
        #expect(rejection(r.receive(PiranhaHeartbeat.fosStopped.bytes, from: IPAddress("10.0.0.1")!, at: t0, wallClock: Self.wall))?.reason == .foreign)
        #expect(rejection(r.receive([1, 2], from: IPAddress("10.0.0.1")!, at: t0, wallClock: Self.wall))?.reason == .truncated)
        // An LVHB packet at a Piranha receiver is not 4 bytes: Piranha's "bad heartbeat packet".
        #expect(rejection(r.receive(packet(sequence: 1), from: IPAddress("10.0.0.1")!, at: t0, wallClock: Self.wall))?.reason == .malformed)
    }

    @Test func senderAndReceiverAgreeOverBothPaths() throws {
        var sender = HeartbeatSender(
            protocol: .lvsrouter, role: .backup, bootID: 55, configSerial: 9, paths: Self.peer.paths, key: Self.key)
        var r = receiver()
        for round in 1...3 {
            let datagrams = sender.datagrams(announcing: .inactive, at: Self.wall)
            #expect(datagrams.map(\.path) == [.public, .private])
            for datagram in datagrams {
                let heartbeat = try r.receive(datagram.bytes, from: source(datagram.path), at: t0, wallClock: Self.wall).get()
                #expect(heartbeat.sequence == UInt64(round))
                #expect(heartbeat.path == datagram.path)
            }
        }
        #expect(sender.sequence == 3)
    }

    @Test func piranhaSenderSendsTheMagic() {
        var sender = HeartbeatSender(
            protocol: .piranha, role: .primary, bootID: 1, configSerial: 0, paths: [.public], key: nil)
        #expect(sender.datagrams(announcing: .active, at: Self.wall).map(\.bytes) == [PiranhaHeartbeat.running.bytes])
        #expect(sender.datagrams(announcing: .handingOver, at: Self.wall).map(\.bytes) == [PiranhaHeartbeat.stopped.bytes])
    }

    @Test func peerWithoutSeparatePrivateAddressHasOnePath() {
        let a = IPAddress("10.0.0.2")!
        #expect(HeartbeatPeer(publicAddress: a, privateAddress: a).paths == [.public])
        #expect(HeartbeatPeer(publicAddress: a).path(of: a) == .public)
    }

    private func rejection(_ result: Result<ReceivedHeartbeat, HeartbeatRejection>) -> HeartbeatRejection? {
        if case .failure(let r) = result { return r }
        return nil
    }
}
