#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LVSTestKit
import Testing

/// Heartbeats recorded on the wire and played back by an attacker, with real pulses in namespaces.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct HeartbeatReplayTests {
    /// Records, inside a namespace, the UDP payloads `source` sends to the heartbeat port, one hex
    /// line each, for `seconds`.
    static let recorder = """
        import socket, sys, time
        seconds, out, source = float(sys.argv[1]), open(sys.argv[2], "w"), sys.argv[3]
        s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
        s.settimeout(0.1)
        end = time.time() + seconds
        while time.time() < end:
            try:
                d = s.recv(4096)
            except socket.timeout:
                continue
            ihl = (d[0] & 15) * 4
            if d[9] == 17 and socket.inet_ntoa(d[12:16]) == source and int.from_bytes(d[ihl + 2:ihl + 4], "big") == 5390:
                out.write(d[ihl + 8:].hex() + "\\n")
                out.flush()
        """

    /// Plays recorded payloads from `source` to `target`'s heartbeat port, one every 0.1 s,
    /// looping, for `seconds`.
    static let player = """
        import socket, sys, time
        seconds, lines, source, target = float(sys.argv[1]), open(sys.argv[2]).read().split(), sys.argv[3], sys.argv[4]
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((source, 0))
        end, i = time.time() + seconds, 0
        while time.time() < end:
            s.sendto(bytes.fromhex(lines[i % len(lines)]), (target, 5390))
            i += 1
            time.sleep(0.1)
        print(i)
        """

    /// The primary is recorded while active; it restarts, then stops for good, and the backup
    /// takes over. The recording of its earlier run, played from its address, must not make the
    /// backup give up the VIP (it did: a run from before the last one was believed once the peer
    /// had been silent for deadtime, and its "active" made the backup yield).
    @Test func aRecordingOfTheDeadPrimarysEarlierRunDoesNotMoveTheVIP() throws {
        let lab = try FailoverLab()
        try lab.write("hb.key", "a shared key of thirty-two bytes", mode: 0o600)
        try lab.write("lvs.cf", FailoverLab.config(extra: ["heartbeat_key_file = \(lab.directory)/hb.key"]))
        let recorder = try lab.write("record.py", Self.recorder)
        let player = try lab.write("play.py", Self.player)
        let recording = lab.directory + "/primary.hex"
        let primary = FailoverLab.publicAddress["d1"]!, backup = FailoverLab.publicAddress["d2"]!

        try lab.startPulse("d1")
        try lab.startPulse("d2")
        try lab.waitUntilServing("d2")
        try #require(
            eventually(within: .seconds(5)) { lab.holders == ["d1"] && (try? lab.status("d2").peerState) == .active })
        try lab["d2"].runChecked(["python3", recorder, "1.0", recording, primary])
        let recorded = try String(contentsOfFile: recording, encoding: .utf8).split(separator: "\n")
        try #require(recorded.count >= 5, "recorded \(recorded.count) heartbeats of the primary")

        // A later run of the primary, then its end.
        _ = try lab.stopPulse("d1")
        try lab.startPulse("d1")
        try lab.waitUntilServing("d1")
        // The returning primary stays inactive; the backup follows its new run.
        try #require(eventually(within: .seconds(5)) { (try? lab.status("d2").peerState) == .inactive })
        _ = try lab.stopPulse("d1")
        try #require(eventually(within: .seconds(5)) { lab.holders == ["d2"] })
        usleep(700_000)  // more than deadtime of silence

        let play = try lab["d1"].start(["python3", player, "3.0", recording, primary, backup])
        var samples = 0, lost = 0
        let end = ContinuousClock.now + .seconds(3.5)
        while ContinuousClock.now < end {
            samples += 1
            if lab.holders != ["d2"] { lost += 1 }
            usleep(20_000)
        }
        let played = try play.wait(timeout: .seconds(10))
        #expect(played.exitCode == 0, "\(played.error)")
        #expect((Int(played.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 25, "packets played")
        #expect(lost == 0, "the backup did not hold the VIP in \(lost) of \(samples) samples")
        let status = try lab.status("d2")
        #expect(
            (status.droppedHeartbeats?["unverified"] ?? 0) >= 20,
            "\(status.droppedHeartbeats ?? [:]) \(String(describing: status.peerState)) \(lab.pulse("d2")?.standardErrorText.suffix(1500) ?? "")"
        )
        #expect(status.peerState == .dead, "the recording is not the peer: \(String(describing: status.peerState))")
    }
}
