#if canImport(Glibc)
import Glibc
#endif
import Control
import Foundation
import LVSTestKit
import Testing

/// Two real pulses (`-n --norun`) and a client in namespaces on this kernel: roles at start,
/// failover on death, SIGTERM and request, heartbeat paths, and a returning primary. Timing is
/// real: keepalive 0.1 s, deadtime 0.5 s.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct PulseFailoverTests {
    static let deadtime: Duration = .milliseconds(500)

    @Test func bothStartedTogetherExactlyOneActivatesAndNeverBoth() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config())
        try lab.startPulse("d2")
        try lab.startPulse("d1")
        var both = 0
        var seenActive = false
        let end = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < end {
            let holders = lab.holders
            if holders.count == 2 { both += 1 }
            if holders == ["d1"] { seenActive = true }
            usleep(1000)
        }
        #expect(both == 0, "both directors held the VIP in \(both) samples")
        #expect(seenActive)
        #expect(lab.holders == ["d1"])
        let primary = try lab.status("d1")
        let backup = try lab.status("d2")
        #expect(primary.state == .active && primary.role == .primary && primary.peerState == .inactive)
        #expect(backup.state == .inactive && backup.role == .backup && backup.peerState == .active)
        #expect(primary.virtualAddresses == ["10.70.0.100/24 on eth0:1"])
        #expect(try lab.vipLine("d1")?.contains("10.70.0.100/24 brd 10.70.0.255 scope global secondary eth0:1") == true)
        #expect(primary.heartbeatPaths.map(\.name) == ["public", "private"])
        #expect(primary.heartbeatPaths.allSatisfy { ($0.lastHeartbeatAge ?? 9) < 0.3 })
    }

    @Test func killOfTheActiveMovesTheVIPAndTheClientsARPWithinDeadtime() throws {
        let lab = try FailoverLab.settled()
        try lab.clientResolvesVIP()
        let d1MAC = try lab.mac("d1")
        let d2MAC = try lab.mac("d2")
        #expect(eventually { (try? lab.clientNeighbourMAC()) == d1MAC })
        lab.killPulse("d1")
        let took = try lab.time(within: .seconds(3)) { try lab.holdsVIP("d2") && lab.clientNeighbourMAC() == d2MAC }
        #expect(took != nil, "d2 never took over: \(lab.pulse("d2")?.standardErrorText ?? "")")
        if let took {
            #expect(took <= Self.deadtime + .milliseconds(100), "took \(took)")
            print(
                "pulse host figure: kill -9 of the active -> backup holds the VIP and the client's ARP follows after \(took) (deadtime 0.5 s)"
            )
        }
        let status = try lab.status("d2")
        #expect(status.state == .active && status.peerState == .dead)
        #expect(lab.pulse("d2")?.standardErrorText.contains("partner dead: activating") == true)
    }

    @Test func sigtermOfTheActiveHandsOverWithin100ms() throws {
        let lab = try FailoverLab.settled()
        try lab.clientResolvesVIP()
        let d2MAC = try lab.mac("d2")
        let started = ContinuousClock.now
        lab.pulse("d1")?.signal(SIGTERM)
        let took = try lab.time(within: .seconds(3)) { try lab.holdsVIP("d2") && lab.clientNeighbourMAC() == d2MAC }
        #expect(took != nil)
        if let took {
            #expect(took <= .milliseconds(100), "took \(took)")
            print(
                "pulse host figure: SIGTERM of the active -> backup holds the VIP and the client's ARP follows after \(took)"
            )
        }
        let result = try lab.stopPulse("d1")
        #expect(result?.exitCode == 0)
        #expect(!lab.holdsVIP("d1"), "d1 must release the VIP")
        #expect(result?.error.contains("terminating due to SIGTERM") == true)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(lab.pulse("d2")?.standardErrorText.contains("partner stopping: activating") == true)
    }

    @Test func manualFailoverNeverLeavesTheVIPWithoutAnOwner() throws {
        let lab = try FailoverLab.settled()
        try lab.clientResolvesVIP()
        let d2MAC = try lab.mac("d2")
        let response = try lab.request("d1", .failover)
        #expect(response.ok && response.message?.hasPrefix("handing over") == true)
        var longestGap: Duration = .zero
        var gapStart: ContinuousClock.Instant?
        let end = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < end {
            let holders = lab.holders
            let now = ContinuousClock.now
            if holders.isEmpty {
                if gapStart == nil { gapStart = now }
                longestGap = max(longestGap, now - gapStart!)
            } else {
                gapStart = nil
            }
            usleep(500)
        }
        #expect(longestGap <= .milliseconds(100), "the VIP had no owner for \(longestGap)")
        print(
            "pulse host figure: manual failover, longest time without a VIP owner \(longestGap) (sampled every 0.5 ms)")
        #expect(lab.holders == ["d2"])
        #expect(eventually { (try? lab.clientNeighbourMAC()) == d2MAC })
        #expect(try lab.status("d1").state == .inactive)
        // The inactive director refuses a second failover, with the reason.
        #expect {
            try lab.request("d1", .failover)
        } throws: { error in
            "\(error)" == "pulse: this node is not active (it is inactive)"
        }
        // And takes the VIPs back on request, again without a gap.
        let back = try lab.request("d1", .takeover)
        #expect(back.ok)
        #expect(eventually { lab.holders == ["d1"] })
    }

    @Test(arguments: ["private", "public"])
    func heartbeatsBlockedOnOnePathDoNotFailOver(path: String) throws {
        let lab = try FailoverLab.settled()
        try lab.block(path)
        usleep(useconds_t(Self.deadtime.inMicroseconds * 3))
        #expect(lab.holders == ["d1"])
        let backup = try lab.status("d2")
        #expect(backup.state == .inactive && backup.peerState == .active)
        let ages = Dictionary(uniqueKeysWithValues: backup.heartbeatPaths.map { ($0.name, $0.lastHeartbeatAge ?? 99) })
        #expect(ages[path]! > 1.0 && ages[path == "public" ? "private" : "public"]! < 0.3, "\(ages)")
        #expect(lab.pulse("d2")?.standardErrorText.contains("no heartbeat on the \(path) path") == true)
    }

    @Test func heartbeatsBlockedOnBothPathsFailOverAndTheBackupYieldsAfter() throws {
        let lab = try FailoverLab.settled()
        try lab.block("public")
        try lab.block("private")
        let took = lab.time(within: .seconds(3)) { lab.holdsVIP("d2") }
        #expect(took != nil)
        if let took {
            #expect(took <= Self.deadtime + .milliseconds(150), "took \(took)")
            print("pulse host figure: heartbeats blocked on both paths -> backup active after \(took) (deadtime 0.5 s)")
        }
        try lab.unblock("public")
        try lab.unblock("private")
        // Both active while cut apart; once they hear each other the backup yields.
        #expect(eventually(within: .seconds(3)) { lab.holders == ["d1"] }, "holders \(lab.holders)")
        #expect(lab.pulse("d2")?.standardErrorText.contains("partner active: the backup yields") == true)
    }

    @Test func theReturningPrimaryStaysInactive() throws {
        let lab = try FailoverLab.settled()
        lab.killPulse("d1")
        #expect(eventually(within: .seconds(3)) { lab.holdsVIP("d2") })
        // The crashed primary's VIP is still on its interface; the new pulse removes it at start.
        #expect(lab.holdsVIP("d1"))
        try lab.startPulse("d1")
        try lab.waitUntilServing("d1")
        #expect(eventually { !lab.holdsVIP("d1") })
        usleep(useconds_t(Self.deadtime.inMicroseconds * 2))
        #expect(lab.holders == ["d2"])
        let primary = try lab.status("d1")
        #expect(primary.state == .inactive && primary.peerState == .active)
        #expect(lab.pulse("d1")?.standardErrorText.contains("removed VIPs left behind by an earlier run") == true)
    }

    @Test func forceActiveTakesTheVIPsAtOnceAndTheBackupYieldsToTheForcedPrimary() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config())
        try lab.startPulse("d2")
        try lab.waitUntilServing("d2")
        #expect(eventually(within: .seconds(3)) { lab.holders == ["d2"] }, "alone, the backup activates after deadtime")
        let started = ContinuousClock.now
        try lab.startPulse("d1", arguments: ["--forceactive"])
        let took = lab.time(within: .seconds(3)) { lab.holdsVIP("d1") }
        #expect(took != nil && ContinuousClock.now - started < Self.deadtime, "forced active without listening first")
        // Both active for a moment; the backup yields and the primary announces again.
        #expect(eventually(within: .seconds(3)) { lab.holders == ["d1"] }, "holders \(lab.holders)")
        #expect(lab.pulse("d1")?.standardErrorText.contains("forced active on startup: activating") == true)
        #expect(lab.pulse("d2")?.standardErrorText.contains("partner active: the backup yields") == true)
    }

    @Test func piranhasHeartbeatFormatAlsoElectsOneAndFailsOver() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config(extra: ["heartbeat_protocol = piranha"]))
        try lab.startPulse("d1")
        try lab.startPulse("d2")
        try lab.waitUntilServing("d2")
        #expect(
            eventually(within: .seconds(3)) { lab.holders == ["d1"] && (try? lab.status("d2").peerState) == .active })
        // Piranha's 4 bytes carry no "stopping": the backup sees the primary stand by, and activates
        // after two keepalives.
        lab.pulse("d1")?.signal(SIGTERM)
        let took = lab.time(within: .seconds(3)) { lab.holdsVIP("d2") }
        #expect(took != nil)
        if let took { #expect(took <= Self.deadtime, "took \(took)") }
        #expect(try lab.stopPulse("d1")?.exitCode == 0)
    }

    @Test func heartbeatsKeepThePeersNeighbourEntryConfirmed() throws {
        let lab = try FailoverLab()
        // Unconfirmed entries go stale within 0.45 s here and then wait in DELAY (1 s) for a probe;
        // the start (before the peer's first heartbeat) may leave them there once.
        for node in ["d1", "d2"] {
            for device in ["eth0", "eth1"] {
                try lab[node].runChecked(["sysctl", "-qw", "net.ipv4.neigh.\(device).base_reachable_time_ms=300"])
                try lab[node].runChecked(["sysctl", "-qw", "net.ipv4.neigh.\(device).delay_first_probe_time=1"])
            }
        }
        try lab.write("lvs.cf", FailoverLab.config())
        try lab.startPulse("d1")
        try lab.startPulse("d2")
        try lab.waitUntilServing("d2")
        #expect(eventually(within: .seconds(3)) { lab.holders == ["d1"] })
        usleep(1_500_000)
        var states: [String: Int] = [:]
        for _ in 0..<40 {
            for address in ["10.70.0.2", "10.71.0.2"] {
                let line = try TestProcess.run("ip", ["-n", lab["d1"].name, "neigh", "show", address]).output
                let state = line.split(whereSeparator: { $0 == " " || $0 == "\n" }).last.map(String.init) ?? "none"
                states[state, default: 0] += 1
            }
            usleep(50_000)
        }
        #expect(states == ["REACHABLE": 80], "\(states)")
    }

    @Test func mismatchedKeysAreRefusedAndLogged() throws {
        let lab = try FailoverLab()
        try lab.write("d1.key", "one key for the primary, 32 bytes", mode: 0o600)
        try lab.write("d2.key", "another key for the backup 32 by", mode: 0o600)
        try lab.write("d1.cf", FailoverLab.config(extra: ["heartbeat_key_file = \(lab.directory)/d1.key"]))
        try lab.write("d2.cf", FailoverLab.config(extra: ["heartbeat_key_file = \(lab.directory)/d2.key"]))
        try lab.startPulse("d1", config: "d1.cf")
        try lab.startPulse("d2", config: "d2.cf")
        try lab.waitUntilServing("d1")
        try lab.waitUntilServing("d2")
        #expect(eventually(within: .seconds(3)) { ((try? lab.status("d2").droppedHeartbeats?["forged"]) ?? 0) > 3 })
        for (node, peer) in [("d2", "10.7[01].0.1"), ("d1", "10.7[01].0.2")] {
            let log = lab.pulse(node)?.standardErrorText ?? ""
            #expect(log.contains(try Regex("dropping heartbeat from \(peer): forged: ")), "\(node): \(log)")
        }
        #expect(try lab.status("d2").peerState == .unknown)
    }

    @Test func sameKeysAuthenticate() throws {
        let lab = try FailoverLab()
        try lab.write("hb.key", "a shared key of thirty-two bytes", mode: 0o600)
        try lab.write("lvs.cf", FailoverLab.config(extra: ["heartbeat_key_file = \(lab.directory)/hb.key"]))
        try lab.startPulse("d1")
        try lab.startPulse("d2")
        try lab.waitUntilServing("d2")
        #expect(
            eventually(within: .seconds(3)) { lab.holders == ["d1"] && (try? lab.status("d2").peerState) == .active })
        // At most the other's first heartbeats, sent before it heard this director.
        #expect(try (lab.status("d2").droppedHeartbeats ?? [:]).keys.allSatisfy { $0 == "handshake" })
        #expect(try (lab.status("d2").droppedHeartbeats?["handshake"] ?? 0) <= 2)
    }
}

extension Duration {
    var inMicroseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
