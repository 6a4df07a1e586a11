import Addressing
import Heartbeat
import Testing

@Suite struct HeartbeatReceiverTests {
    static let key = try! HeartbeatKey(contents: Array("a shared secret, 32 bytes long!!".utf8), path: "k")
    static let peer = HeartbeatPeer(publicAddress: IPAddress("10.0.0.2")!, privateAddress: IPAddress("192.168.9.2")!)
    static let wall = WallClockTime(seconds: 1_700_000_000)

    /// This node's run: the packets below echo it.
    static let ownBoot: UInt64 = 77

    /// keepalive 1 s, deadtime 5 s: an echo may name one of the last 12 rounds.
    func receiver(key: HeartbeatKey? = key) -> HeartbeatReceiver {
        HeartbeatReceiver(
            protocol: .lvsrouter, localRole: .primary, peer: Self.peer, key: key, ownBootID: Self.ownBoot,
            keepalive: .seconds(1), deadtime: .seconds(5))
    }

    /// A packet of the peer; by default it echoes this node's round 1.
    func packet(
        path: HeartbeatPath = .public, state: HeartbeatState = .active, boot: UInt64 = 100, sequence: UInt64,
        role: FailoverRole = .backup, echo: HeartbeatEcho = HeartbeatEcho(bootID: ownBoot, sequence: 1),
        key: HeartbeatKey? = key
    ) -> [UInt8] {
        HeartbeatPacket(
            role: role, path: path, state: state, table: .checking(awaiting: 4), bootID: boot, sequence: sequence,
            configSerial: 7, sentAt: Self.wall, echo: echo
        ).encoded(key: key)
    }

    func source(_ path: HeartbeatPath) -> IPAddress { Self.peer.address(on: path)! }

    @Test func acceptsAndReportsEverything() throws {
        var r = receiver()
        let result = r.receive(packet(path: .private, sequence: 1), from: source(.private), ownSequence: 1)
        let heartbeat = try result.get()
        #expect(
            heartbeat
                == ReceivedHeartbeat(
                    path: .private, state: .active, table: .checking(awaiting: 4), bootID: 100, sequence: 1,
                    configSerial: 7, sentAt: Self.wall))
    }

    @Test func replayedSequenceIsDroppedPerPath() throws {
        var r = receiver()
        _ = try r.receive(packet(sequence: 5), from: source(.public), ownSequence: 1).get()
        // The same round on the other path carries the same sequence number: fine.
        _ = try r.receive(packet(path: .private, sequence: 5), from: source(.private), ownSequence: 1).get()
        for old in [5, 4, 1] as [UInt64] {
            let failure = rejection(r.receive(packet(sequence: old), from: source(.public), ownSequence: 1))
            #expect(failure?.reason == .replayed)
            #expect(
                failure?.description
                    == "dropping heartbeat from 10.0.0.2: replayed: sequence \(old) on the public path is not newer than 5"
            )
        }
        _ = try r.receive(packet(sequence: 6), from: source(.public), ownSequence: 1).get()
    }

    @Test func aRoundOvertakenOnTheOtherPathIsMarkedStale() throws {
        var r = receiver()
        let newer = try r.receive(packet(sequence: 8), from: source(.public), ownSequence: 1).get()
        #expect(!newer.isStale)
        let older = try r.receive(packet(path: .private, sequence: 7), from: source(.private), ownSequence: 1).get()
        #expect(older.isStale)
        let sameRound = try r.receive(packet(path: .private, sequence: 8), from: source(.private), ownSequence: 1).get()
        #expect(!sameRound.isStale)
    }

    @Test func aNewRunIsFollowedOnlyWhenItEchoesARecentRoundOfThisNode() throws {
        var r = receiver()
        // Not heard this node yet (a peer just started): refused, and echoed back so it can.
        let first = rejection(
            r.receive(packet(boot: 200, sequence: 1, echo: .none), from: source(.public), ownSequence: 20))
        #expect(first?.reason == .handshake)
        #expect(first?.detail == "run 200 of the peer has not heard this node yet (it echoes nothing)")
        #expect(r.echo == HeartbeatEcho(bootID: 200, sequence: 1))
        // Echoing a round long gone, or another run of this node: refused.
        let stale = rejection(
            r.receive(
                packet(boot: 200, sequence: 2, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: 8)),
                from: source(.public), ownSequence: 20))
        #expect(stale?.reason == .unverified)
        #expect(
            stale?.detail
                == "run 200 of the peer does not echo one of this node's last 12 heartbeats (it echoes run 77 sequence 8): a recording of an earlier run"
        )
        #expect(
            rejection(
                r.receive(
                    packet(boot: 200, sequence: 2, echo: HeartbeatEcho(bootID: 76, sequence: 19)),
                    from: source(.public), ownSequence: 20))?.reason == .unverified)
        #expect(
            rejection(
                r.receive(
                    packet(boot: 200, sequence: 2, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: 21)),
                    from: source(.public), ownSequence: 20))?.reason == .unverified)
        // One of the last 12 rounds: followed, and from then on its sequence numbers count.
        let followed = try r.receive(
            packet(boot: 200, sequence: 3, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: 9)),
            from: source(.public), ownSequence: 20
        ).get()
        #expect(followed.bootID == 200 && !followed.isStale)
        #expect(r.echo == HeartbeatEcho(bootID: 200, sequence: 3))
        // Within the run the echo no longer matters, the sequence does.
        _ = try r.receive(packet(boot: 200, sequence: 4, echo: .none), from: source(.public), ownSequence: 40).get()
        #expect(
            rejection(r.receive(packet(boot: 200, sequence: 4), from: source(.public), ownSequence: 40))?.reason
                == .replayed)
    }

    @Test func aRestartedPeerIsFollowedWhateverItsBootID() throws {
        for boot in [300, 50] as [UInt64] {
            var r = receiver()
            _ = try r.receive(packet(boot: 100, sequence: 900), from: source(.public), ownSequence: 1).get()
            let restarted = try r.receive(
                packet(boot: boot, sequence: 1, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: 5)),
                from: source(.public), ownSequence: 6
            ).get()
            #expect(restarted.bootID == boot)
            _ = try r.receive(
                packet(path: .private, boot: boot, sequence: 1, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: 5)),
                from: source(.private), ownSequence: 6
            ).get()
            // The old run is over: its packets no longer echo a recent round.
            let old = rejection(
                r.receive(
                    packet(boot: 100, sequence: 901, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: 1)),
                    from: source(.public), ownSequence: 30))
            #expect(old?.reason == .unverified)
        }
    }

    /// The peer died; a recording of its earlier run is played to this node. Before, the
    /// recording opened a run (its clock was never checked) and this node gave up the VIP.
    @Test func aRecordingOfTheDeadPeerIsRefused() throws {
        var r = receiver()
        var recording: [[UInt8]] = []
        for round in 1...5 as ClosedRange<UInt64> {
            let bytes = packet(
                state: .active, boot: 100, sequence: round, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: round))
            recording.append(bytes)
            _ = try r.receive(bytes, from: source(.public), ownSequence: round).get()
        }
        // The peer restarted (run 200) and died; this node went on to round 500.
        _ = try r.receive(
            packet(boot: 200, sequence: 1, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: 10)),
            from: source(.public), ownSequence: 10
        ).get()
        for bytes in recording {
            #expect(rejection(r.receive(bytes, from: source(.public), ownSequence: 500))?.reason == .unverified)
        }
        // A recording of the last run is older than what was heard of it.
        #expect(
            rejection(
                r.receive(
                    packet(boot: 200, sequence: 1, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: 10)),
                    from: source(.public), ownSequence: 500))?.reason == .replayed)
    }

    /// Without a key anyone can forge a heartbeat; no single forged packet may lock the genuine
    /// peer out. Before, a packet with a new boot id had every later genuine one dropped as replayed.
    @Test func withoutAKeyNoForgedPacketLocksTheGenuinePeerOut() throws {
        var r = receiver(key: nil)
        func genuine(_ round: UInt64, path: HeartbeatPath = .public) -> [UInt8] {
            packet(
                path: path, state: .inactive, boot: 100, sequence: round,
                echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: round), key: nil)
        }
        _ = try r.receive(genuine(1), from: source(.public), ownSequence: 1).get()
        // A forged packet of a new run that does not echo this node: alive only, not followed.
        let forgedRun = try r.receive(
            packet(state: .active, boot: UInt64.max, sequence: 1, echo: .none, key: nil), from: source(.public),
            ownSequence: 1
        ).get()
        #expect(forgedRun.isStale)
        #expect(!(try r.receive(genuine(2), from: source(.public), ownSequence: 2).get()).isStale)
        // A forged round far ahead of the genuine stream: the genuine rounds behind it still keep
        // the path alive, and after three of them the genuine stream is followed again.
        _ = try r.receive(
            packet(state: .active, boot: 100, sequence: 1_000_000, key: nil), from: source(.public), ownSequence: 2
        ).get()
        let behind = try [3, 4, 5].map { try r.receive(genuine($0), from: source(.public), ownSequence: $0).get() }
        #expect(behind.map(\.isStale) == [true, true, false])
        #expect(!(try r.receive(genuine(6), from: source(.public), ownSequence: 6).get()).isStale)
        // With a key the same forged packets are refused outright.
        var keyed = receiver()
        #expect(
            rejection(
                keyed.receive(packet(boot: 100, sequence: 1_000_000, key: nil), from: source(.public), ownSequence: 1))?
                .reason == .unauthenticated)
    }

    /// Without a key, a peer that cannot hear this node (one-way path) is still followed after
    /// three consecutive rounds.
    @Test func withoutAKeyARunThatCannotEchoIsFollowedAfterThreeRounds() throws {
        var r = receiver(key: nil)
        let rounds = try (1...4 as ClosedRange<UInt64>).map {
            try r.receive(packet(boot: 100, sequence: $0, echo: .none, key: nil), from: source(.public), ownSequence: 9)
                .get()
        }
        #expect(rounds.map(\.isStale) == [true, true, false, false])
    }

    @Test func strangerIsUnknownSender() {
        var r = receiver()
        let failure = rejection(r.receive(packet(sequence: 1), from: IPAddress("10.0.0.66")!, ownSequence: 1))
        #expect(failure?.reason == .unknownSender)
        #expect(
            failure?.description
                == "dropping heartbeat from 10.0.0.66: unknown sender: not one of the peer's addresses (10.0.0.2 (private 192.168.9.2))"
        )
    }

    @Test func packetNamingTheOtherPathIsMalformed() {
        var r = receiver()
        let failure = rejection(r.receive(packet(path: .private, sequence: 1), from: source(.public), ownSequence: 1))
        #expect(failure?.reason == .malformed)
    }

    @Test func peerClaimingOurRoleIsARoleConflict() {
        var r = receiver()
        let failure = rejection(r.receive(packet(sequence: 1, role: .primary), from: source(.public), ownSequence: 1))
        #expect(failure?.reason == .roleConflict)
        #expect(failure?.detail.contains("also claims to be the primary") == true)
    }

    @Test func forgedAndTruncatedPacketsCarryTheSender() {
        var r = receiver()
        var forged = packet(sequence: 1)
        forged[20] ^= 1
        let f = rejection(r.receive(forged, from: source(.public), ownSequence: 1))
        #expect(f?.reason == .forged)
        #expect(f?.source == "10.0.0.2")
        let t = rejection(r.receive(Array(packet(sequence: 1).prefix(50)), from: source(.public), ownSequence: 1))
        #expect(t?.reason == .truncated)
        // A forged packet must not advance the replay window: the real sequence 1 still passes.
        #expect((try? r.receive(packet(sequence: 1), from: source(.public), ownSequence: 1).get()) != nil)
    }

    @Test func piranhaModeChecksSenderLengthAndMagic() throws {
        var r = HeartbeatReceiver(
            protocol: .piranha, localRole: .backup, peer: HeartbeatPeer(publicAddress: IPAddress("10.0.0.1")!),
            key: nil,
            ownBootID: 1, keepalive: .seconds(1), deadtime: .seconds(5))
        let ok = try r.receive(PiranhaHeartbeat.running.bytes, from: IPAddress("10.0.0.1")!, ownSequence: 1).get()
        #expect(ok == ReceivedHeartbeat(path: .public, state: .active))
        let hold = try r.receive(PiranhaHeartbeat.hold.bytes, from: IPAddress("10.0.0.1")!, ownSequence: 1).get()
        #expect(hold.state == nil)
        #expect(
            rejection(r.receive(PiranhaHeartbeat.running.bytes, from: IPAddress("10.0.0.9")!, ownSequence: 1))?.reason
                == .unknownSender)
        #expect(
            rejection(r.receive(PiranhaHeartbeat.fosStopped.bytes, from: IPAddress("10.0.0.1")!, ownSequence: 1))?
                .reason == .foreign)
        #expect(rejection(r.receive([1, 2], from: IPAddress("10.0.0.1")!, ownSequence: 1))?.reason == .truncated)
        // An LVHB packet at a Piranha receiver is not 4 bytes: Piranha's "bad heartbeat packet".
        #expect(
            rejection(r.receive(packet(sequence: 1), from: IPAddress("10.0.0.1")!, ownSequence: 1))?.reason
                == .malformed)
    }

    @Test func senderAndReceiverAgreeOverBothPaths() throws {
        var sender = HeartbeatSender(
            protocol: .lvsrouter, role: .backup, bootID: 55, configSerial: 9, paths: Self.peer.paths, key: Self.key)
        var r = receiver()
        for round in 1...3 {
            let datagrams = sender.datagrams(
                announcing: .inactive, echo: HeartbeatEcho(bootID: Self.ownBoot, sequence: 1), at: Self.wall)
            #expect(datagrams.map(\.path) == [.public, .private])
            for datagram in datagrams {
                let heartbeat = try r.receive(datagram.bytes, from: source(datagram.path), ownSequence: 1).get()
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
        #expect(
            sender.datagrams(announcing: .handingOver, at: Self.wall).map(\.bytes) == [PiranhaHeartbeat.stopped.bytes])
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
