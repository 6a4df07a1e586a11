import Addressing
import Heartbeat
import Testing

/// Two directors on a virtual clock (``TwoNodeCluster``): real state machines, real packets.
/// keepalive 1 s, deadtime 3 s, 1 ms latency, activations take 20 ms, unless a test says otherwise.
@Suite struct FailoverStateMachineScenarioTests {
    /// Both started at the same instant, and both reach steady state with the primary active.
    func runningCluster() -> TwoNodeCluster {
        var c = TwoNodeCluster()
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(2))
        return c
    }

    @Test func bothStartTogetherExactlyOneActivates() {
        var c = TwoNodeCluster()
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(20))
        #expect(c.holders == [.primary])
        #expect(!c.everDualActive())
        // The primary did not wait for deadtime: it heard the backup inactive and won the tie.
        #expect(c.becameHolder(.primary)! - c.t0 < .milliseconds(100))
        #expect(c.nodes[.backup]!.machine.state == .inactive)
        #expect(c.nodes[.primary]!.logText.contains("backup inactive: activating"))
    }

    @Test(arguments: [Duration.milliseconds(300), .seconds(1), .milliseconds(2900)])
    func staggeredStartsWithinTheWindowAlsoGiveThePrimary(delay: Duration) {
        for first in FailoverRole.allCases {
            var c = TwoNodeCluster()
            c.start(first)
            c.run(for: delay)
            c.start(first.peer)
            c.run(for: .seconds(20))
            #expect(c.holders == [.primary], "\(first) first, \(delay)")
            #expect(!c.everDualActive(), "\(first) first, \(delay)")
        }
    }

    @Test func aNodeAloneActivatesAfterTheStartupWindow() {
        var c = TwoNodeCluster()
        c.start(.backup)
        c.run(until: { $0.holders == [.backup] }, within: .seconds(10))
        let took = c.becameHolder(.backup)! - c.t0
        #expect(took >= .seconds(3) && took <= .seconds(3) + .milliseconds(50))
        #expect(c.nodes[.backup]!.logText.contains("no heartbeat from the partner since starting: activating"))
    }

    @Test func killOfTheActiveMakesTheOtherActivateAfterDeadtime() {
        var c = runningCluster()
        #expect(c.holders == [.primary])
        c.kill(.primary)
        let killedAt = c.now
        let reached1 = c.run(until: { $0.holders == [.backup] }, within: .seconds(10))
        #expect(reached1)
        let took = c.becameHolder(.backup)! - killedAt
        // The last heartbeat arrived at most one keepalive before the kill.
        #expect(took >= .seconds(2) && took <= .seconds(3) + .milliseconds(50), "took \(took)")
        #expect(c.nodes[.backup]!.logText.contains("partner dead: activating"))
    }

    @Test func subSecondTimersFailOverInUnderHalfASecond() {
        var c = TwoNodeCluster()
        c.keepalive = .milliseconds(100)
        c.deadtime = .milliseconds(350)
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(1))
        c.kill(.primary)
        let killedAt = c.now
        let reached2 = c.run(until: { $0.holders == [.backup] }, within: .seconds(2))
        #expect(reached2)
        #expect(c.becameHolder(.backup)! - killedAt < .milliseconds(400))
    }

    @Test func oneSilentPathDoesNotFailOver() {
        var c = runningCluster()
        c.cutPaths = [.private]
        c.run(for: .seconds(30))
        #expect(c.holders == [.primary])
        #expect(c.nodes[.backup]!.machine.state == .inactive)
        #expect(
            c.nodes[.backup]!.logText.contains(
                "no heartbeat on the private path for 3.0 seconds; the public path still carries them"))
        // Status shows the silent path.
        let status = c.nodes[.backup]!.machine.status(at: c.now)
        #expect(status.peerAlive)
        #expect(status.sinceLastHeartbeat[.private]! > .seconds(29))
        #expect(status.sinceLastHeartbeat[.public]! <= .seconds(1))
        // Restored: logged; then both cut: failover.
        c.cutPaths = []
        c.run(for: .seconds(2))
        #expect(c.nodes[.backup]!.logText.contains("heartbeats on the private path again"))
        c.cutPaths = [.public, .private]
        let reached3 = c.run(until: { $0.holders.contains(.backup) }, within: .seconds(5))
        #expect(reached3)
    }

    @Test func sigtermOfTheActiveMakesTheOtherTakeOverAtOnce() {
        var c = runningCluster()
        c.handle(.stop("signal 15"), on: .primary)
        let stoppedAt = c.now
        #expect(c.nodes[.primary]!.exited)
        let reached4 = c.run(until: { $0.holders == [.backup] }, within: .seconds(10))
        #expect(reached4)
        // Latency + activation, not deadtime.
        #expect(c.becameHolder(.backup)! - stoppedAt < .milliseconds(50))
        #expect(c.nodes[.backup]!.logText.contains("partner stopping: activating"))
    }

    @Test func returningPrimaryStaysInactive() {
        var c = runningCluster()
        c.kill(.primary)
        c.run(for: .seconds(5))
        #expect(c.holders == [.backup])
        c.start(.primary)  // a new run: new boot id
        c.run(for: .seconds(30))
        #expect(c.holders == [.backup])
        #expect(!c.everDualActive())
        #expect(c.nodes[.primary]!.machine.state == .inactive)
        #expect(
            c.nodes[.backup]!.logText.contains("partner restarted")
                || c.nodes[.backup]!.logText.contains("partner alive again"))
    }

    @Test func backupActivatingNextToAnActivePrimaryMakesThePrimaryReannounce() {
        var c = runningCluster()
        c.run(for: .seconds(10))
        #expect(c.nodes[.primary]!.gratuitousARPRounds == 5)
        // The backup is forced active (an admin restarted it with --forceactive).
        c.kill(.backup)
        c.start(.backup, forceActive: true)
        c.run(for: .seconds(10))
        #expect(c.holders == [.primary])
        #expect(c.nodes[.backup]!.logText.contains("partner active: the backup yields: deactivating"))
        #expect(c.nodes[.primary]!.logText.contains("partner active: resending gratuitous ARPs"))
        // One round when the backup shows up active, then five more once it has let go (its own
        // announcements may have come last): FailoverStateMachineAnnouncementTests.
        #expect(c.nodes[.primary]!.logText.contains("partner let go of the VIPs (inactive): resending gratuitous ARPs"))
        #expect(c.nodes[.primary]!.gratuitousARPRounds == 11)
    }

    @Test func backupActivatesWhenThePrimaryKeepsStandingBy() {
        // A primary that says "inactive" without ever activating (here: its activations never
        // finish) must not leave the VIPs without an owner.
        var c = TwoNodeCluster()
        c.activationTime = .seconds(3600)
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(1))
        #expect(c.holders.isEmpty)
        c.activationTime = .milliseconds(20)
        c.run(for: .seconds(2))
        #expect(c.holders == [.backup])
        #expect(
            c.nodes[.backup]!.logText.contains(
                "primary inactive for 2 heartbeat intervals without activating: activating"))
    }

    @Test func forceActivePrimaryTakesBackAndTheBackupYields() {
        var c = runningCluster()
        c.kill(.primary)
        c.run(for: .seconds(5))
        c.start(.primary, forceActive: true)
        let restartedAt = c.now
        c.run(for: .seconds(10))
        #expect(c.holders == [.primary])
        #expect(c.nodes[.backup]!.logText.contains("partner active: the backup yields: deactivating"))
        #expect(c.nodes[.primary]!.logText.contains("forced active on startup: activating"))
        // The primary's own 5 rounds come after the backup's: it activated while the backup was
        // active, so no extra round is needed (that is for a backup activating next to it, below).
        #expect(c.nodes[.primary]!.gratuitousARPRounds == 5)
        // Dual-active lasted no longer than one heartbeat exchange.
        let dual = c.holderHistory.filter { $0.at >= restartedAt && $0.holders.count == 2 }
        #expect(dual.count <= 1)
    }

    @Test func manualFailoverNeverLeavesTheVIPsWithoutAnOwner() {
        var c = runningCluster()
        let requestedAt = c.now
        c.handle(.failoverRequested, on: .primary)
        #expect(c.nodes[.primary]!.answers.last.map { if case .accepted = $0 { true } else { false } } == true)
        c.run(for: .seconds(10))
        #expect(c.holders == [.backup])
        #expect(!c.everOwnerless(since: requestedAt))
        // The backup held the VIPs before the primary let go.
        let backupFrom = c.becameHolder(.backup)!
        let primaryUntil = c.holderHistory.first { $0.at >= requestedAt && !$0.holders.contains(.primary) }!.at
        #expect(backupFrom <= primaryUntil)
        #expect(c.nodes[.primary]!.machine.state == .inactive)
        #expect(c.nodes[.primary]!.logText.contains("partner active: failover complete: deactivating"))
        // Handing back works the same way.
        c.handle(.failoverRequested, on: .backup)
        let backAt = c.now
        c.run(for: .seconds(10))
        #expect(c.holders == [.primary])
        #expect(!c.everOwnerless(since: backAt))
        // The counts status reports (metrics): each took the VIPs and gave them up.
        let primary = c.nodes[.primary]!.machine.status(at: c.now)
        let backup = c.nodes[.backup]!.machine.status(at: c.now)
        #expect(primary.takeovers == 2 && primary.handovers == 1)
        #expect(backup.takeovers == 1 && backup.handovers == 1)
        #expect(primary.receivedHeartbeats.values.reduce(0, +) > 10)
    }

    @Test func aColdStandbyHandoverWaitsForThePartnersFirstChecksWithoutBeingCancelled() {
        // Cold standby (Piranha's way): the backup starts lvsd only when the primary hands over, and
        // its lvsd needs 6 s for its first health checks: longer than deadtime (3 s). The primary
        // keeps serving meanwhile and lets go only once the backup holds the VIPs.
        var c = TwoNodeCluster()
        c.warmStandby = false
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(2))
        #expect(c.holders == [.primary])
        #expect(c.nodes[.backup]!.machine.table == .cold)
        #expect(c.nodes[.primary]!.machine.peerTable == .cold)
        c.preparationTime = .seconds(6)
        let requestedAt = c.now
        c.handle(.failoverRequested, on: .primary)
        c.run(for: .seconds(5))
        #expect(c.holders == [.primary])
        #expect(c.nodes[.primary]!.machine.state == .handingOver)
        #expect(c.nodes[.backup]!.machine.state == .preparing)
        c.run(for: .seconds(5))
        #expect(c.holders == [.backup])
        #expect(!c.everOwnerless(since: requestedAt))
        #expect(c.becameHolder(.backup)! >= requestedAt + .seconds(6))
        #expect(!c.nodes[.primary]!.logText.contains("failover cancelled"))
        #expect(
            c.nodes[.backup]!.logText.contains("partner hands over: activating once this director's table is ready"))
        // The primary stopped its lvsd once it let go; the backup keeps its own.
        #expect(c.nodes[.primary]!.machine.table == .cold)
        #expect(c.nodes[.backup]!.machine.table == .ready)
    }

    @Test func aSlowPathCannotUndoAFailoverWithStaleStates() {
        // The private path lags 300 ms: its copy of "active" arrives after the public path's
        // "inactive". Acting on it would make the new active backup yield and bounce the VIPs back.
        var c = TwoNodeCluster()
        c.extraLatency = [.private: .milliseconds(300)]
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(3))
        c.handle(.failoverRequested, on: .primary)
        let requestedAt = c.now
        c.run(for: .seconds(10))
        #expect(c.holders == [.backup])
        let primaryAgain = c.holderHistory.contains {
            $0.at > requestedAt + .milliseconds(100) && $0.holders.contains(.primary)
        }
        #expect(!primaryAgain)
        #expect(!c.nodes[.backup]!.logText.contains("the backup yields"))
    }

    @Test func manualFailoverIsCancelledWhenThePeerCannotTakeOver() {
        var c = runningCluster()
        c.cutPaths = [.public, .private]  // the peer never hears the request
        c.handle(.failoverRequested, on: .primary)
        c.run(for: .seconds(2))
        #expect(c.nodes[.primary]!.machine.state == .handingOver)
        c.run(for: .seconds(2))
        #expect(c.nodes[.primary]!.machine.state == .active)
        #expect(c.holders.contains(.primary))
        #expect(c.nodes[.primary]!.logText.contains("failover cancelled"))
    }

    @Test func takeoverOnTheInactiveNodeAsksTheActiveOneToHandOver() {
        var c = runningCluster()
        let requestedAt = c.now
        c.handle(.takeoverRequested, on: .backup)
        #expect(c.nodes[.backup]!.answers.last.map { if case .accepted = $0 { true } else { false } } == true)
        c.run(for: .seconds(5))
        #expect(c.holders == [.backup])
        #expect(!c.everOwnerless(since: requestedAt))
        #expect(c.nodes[.primary]!.logText.contains("partner requests takeover: handing over to the partner"))
    }

    @Test func lvsdThatCannotBeKeptRunningHandsOverToAReadyPartnerAtOnce() {
        // As a manual failover: the VIPs are never without an owner.
        var c = runningCluster()
        c.handle(.lvsdFailed("exited with status 1 5 times within 300 s"), on: .primary)
        let failedAt = c.now
        #expect(c.nodes[.primary]!.machine.state == .handingOver)
        let reached5 = c.run(until: { $0.holders == [.backup] }, within: .seconds(10))
        #expect(reached5)
        #expect(c.becameHolder(.backup)! - failedAt < .milliseconds(50))
        #expect(!c.everOwnerless(since: failedAt))
        c.run(for: .seconds(10))
        // No preemption afterwards.
        #expect(c.nodes[.primary]!.machine.state == .inactive)
        #expect(c.holders == [.backup])
        #expect(
            c.nodes[.primary]!.logText.contains(
                "lvsd cannot be kept running (exited with status 1 5 times within 300 s): handing over to the partner"))
    }

    @Test func withPiranhasHeartbeatLVSDThatCannotBeKeptRunningFaultsTheNode() {
        // Piranha's format cannot say "handing over": the node lets go and announces it.
        var c = TwoNodeCluster()
        c.wireProtocol = .piranha
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(2))
        c.handle(.lvsdFailed("killed by signal 9 5 times within 300 s"), on: .primary)
        #expect(c.nodes[.primary]!.machine.state == .faulted)
        let moved = c.run(until: { $0.holders == [.backup] }, within: .seconds(10))
        #expect(moved)
        c.run(for: .seconds(5))
        // Piranha's CHILDFAIL: cleared once the partner is seen active; no preemption afterwards.
        #expect(c.nodes[.primary]!.machine.state == .inactive)
        #expect(c.holders == [.backup])
    }

    @Test func lvsdThatCannotBeKeptRunningWaitsForThePartnersTable() {
        // The backup's lvsd is restarting (its table not ready) when the primary's lvsd gives up:
        // the primary keeps the VIPs (the kernel's table serves) and hands over only once the
        // backup's table is ready.
        var c = runningCluster()
        c.handle(.tableChanged(.down), on: .backup)
        c.run(for: .seconds(1))
        c.handle(.lvsdFailed("exited with status 1 5 times within 300 s"), on: .primary)
        c.run(for: .seconds(5))
        #expect(c.holders == [.primary])
        #expect(c.nodes[.primary]!.machine.state == .active)
        #expect(c.nodes[.primary]!.machine.status(at: c.now).pendingHandover != nil)
        #expect(
            c.nodes[.primary]!.logText.contains(
                "but the partner's table is not ready (lvsd not running): staying active"))
        let readyAt = c.now
        c.handle(.tableChanged(.ready), on: .backup)
        let moved = c.run(until: { $0.holders == [.backup] }, within: .seconds(2))
        #expect(moved)
        #expect(c.becameHolder(.backup)! - readyAt < .milliseconds(50))
        #expect(!c.everOwnerless(since: readyAt))
    }

    @Test func lvsdBackBeforeThePartnerIsReadyCancelsThePendingHandover() {
        var c = runningCluster()
        c.handle(.tableChanged(.down), on: .backup)
        c.run(for: .milliseconds(100))
        c.handle(.lvsdFailed("killed by signal 9 5 times within 300 s"), on: .primary)
        c.run(for: .seconds(2))
        c.handle(.tableChanged(.checking(awaiting: 3)), on: .primary)
        c.handle(.tableChanged(.ready), on: .primary)
        c.handle(.tableChanged(.ready), on: .backup)
        c.run(for: .seconds(5))
        #expect(c.holders == [.primary])
        #expect(c.nodes[.primary]!.machine.status(at: c.now).pendingHandover == nil)
        #expect(c.nodes[.primary]!.logText.contains("lvsd runs again and its table is ready: no longer handing over"))
    }

    @Test func warmStandbyHandsOverToAReadyPartnerAtOnce() {
        var c = runningCluster()
        #expect(c.nodes[.backup]!.machine.table == .ready)
        #expect(c.nodes[.primary]!.machine.peerTable == .ready)
        let requestedAt = c.now
        c.handle(.failoverRequested, on: .primary)
        #expect(
            c.nodes[.primary]!.answers.last
                == .accepted(
                    "handing over: the partner's table is ready: it takes the VIPs at once, then this node lets go "
                        + "(cancelled if the partner has not taken over within 13.0 seconds)"))
        let moved = c.run(until: { $0.holders == [.backup] }, within: .seconds(1))
        #expect(moved)
        // Two one-way latencies and an activation: nothing waits for a check or a heartbeat round.
        #expect(c.now - requestedAt < .milliseconds(100))
        #expect(!c.everOwnerless(since: requestedAt))
        #expect(c.nodes[.backup]!.logText.contains("partner hands over: activating"))
    }

    @Test func failoverToAPartnerStillCheckingIsRefusedUntilItIsReady() {
        // The backup started a moment ago: its lvsd needs 4 s for its first checks.
        var c = TwoNodeCluster()
        c.preparationTime = .seconds(4)
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(2))
        #expect(c.holders == [.primary])
        c.handle(.failoverRequested, on: .primary)
        #expect(
            c.nodes[.primary]!.answers.last
                == .refused(
                    "the partner's table is not ready (checking (lvsd starting)); it takes the VIPs only once every real "
                        + "server has had its first health check: see lvsctl status there, and try again"))
        #expect(c.nodes[.primary]!.machine.state == .active)
        // Its readiness arrives with the heartbeat sent the moment it changes.
        let reached = c.run(until: { $0.nodes[.primary]!.machine.peerTable == .ready }, within: .seconds(3))
        #expect(reached)
        c.handle(.failoverRequested, on: .primary)
        #expect(c.nodes[.primary]!.answers.last.map { if case .accepted = $0 { true } else { false } } == true)
        c.run(for: .seconds(1))
        #expect(c.holders == [.backup])
    }

    @Test func aTakeoverRequestOnANodeWhoseTableIsNotReadyIsRefused() {
        var c = runningCluster()
        c.handle(.tableChanged(.checking(awaiting: 2)), on: .backup)
        c.handle(.takeoverRequested, on: .backup)
        #expect(
            c.nodes[.backup]!.answers.last
                == .refused(
                    "this director's table is not ready (checking (2 real servers awaiting a first health check)); the "
                        + "partner keeps the VIPs until every real server here has had its first health check: see lvsctl "
                        + "status, and try again"))
        c.run(for: .seconds(3))
        #expect(c.holders == [.primary])
    }

    @Test func aPartnerCrashTakesOverWhateverTheTable() {
        // A crash leaves nobody serving: the backup takes the VIPs even with its table still checking.
        var c = runningCluster()
        c.handle(.tableChanged(.checking(awaiting: 2)), on: .backup)
        c.kill(.primary)
        let diedAt = c.now
        let took = c.run(until: { $0.holders == [.backup] }, within: .seconds(5))
        #expect(took)
        #expect(c.becameHolder(.backup)! - diedAt <= c.deadtime + .milliseconds(100))
    }

    @Test func aHandoverWhileThePartnersLVSDRestartsWaitsInPreparing() {
        // The primary checked the backup's table when the failover began; the backup's lvsd then
        // restarted, so the backup waits for its table before taking the VIPs.
        var c = runningCluster()
        c.handle(.failoverRequested, on: .primary)
        c.handle(.tableChanged(.checking(awaiting: 1)), on: .backup)
        c.run(for: .milliseconds(500))
        #expect(c.nodes[.backup]!.machine.state == .preparing)
        #expect(c.holders == [.primary])
        c.handle(.tableChanged(.ready), on: .backup)
        let moved = c.run(until: { $0.holders == [.backup] }, within: .seconds(1))
        #expect(moved)
    }

    @Test func linkDownFaultsUntilTheLinkReturns() {
        var c = runningCluster()
        c.handle(.linkDown("eth0"), on: .primary)
        let reached6 = c.run(until: { $0.holders == [.backup] }, within: .seconds(1))
        #expect(reached6)
        // Now the backup dies: the primary must not activate while its link is down.
        c.kill(.backup)
        c.run(for: .seconds(10))
        #expect(c.holders.isEmpty)
        #expect(c.nodes[.primary]!.machine.state == .faulted)
        c.handle(.linkUp("eth0"), on: .primary)
        let reached7 = c.run(until: { $0.holders == [.primary] }, within: .seconds(1))
        #expect(reached7)
        #expect(c.nodes[.primary]!.logText.contains("link eth0 restored: fault cleared, standing by"))
    }

    @Test func failedActivationFaultsAndThePeerTakesOver() {
        var c = TwoNodeCluster()
        c.start(.backup)
        c.start(.primary)
        c.nodes[.primary]!.failNextActivation = "adding 192.0.2.10/24 to eth9: no such device"
        c.run(for: .seconds(10))
        #expect(c.holders == [.backup])
        #expect(c.nodes[.primary]!.machine.activeFaults == [])  // cleared: the partner is active
        #expect(c.nodes[.primary]!.logText.contains("activation failed: adding 192.0.2.10/24 to eth9: no such device"))
    }

    @Test func gratuitousARPsAreRepeatedAtTheConfiguredSpacing() {
        var c = TwoNodeCluster()
        c.start(.primary)
        c.start(.backup)
        c.run(for: .milliseconds(500))
        #expect(c.nodes[.primary]!.gratuitousARPRounds == 1)
        c.run(for: .seconds(1))
        #expect(c.nodes[.primary]!.gratuitousARPRounds == 2)
        c.run(for: .seconds(10))
        #expect(c.nodes[.primary]!.gratuitousARPRounds == 5)
    }

    @Test func forgedHeartbeatsCannotKeepADeadPeerAlive() throws {
        var c = TwoNodeCluster()
        let key = try HeartbeatKey(contents: Array("cluster secret, thirty-two bytes".utf8), path: "k")
        c.keys = [.primary: key, .backup: key]
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(2))
        c.kill(.primary)
        let attacker = try HeartbeatKey(contents: Array("not the cluster secret, guessed!".utf8), path: "x")
        // Every 500 ms, a forged "active" from the primary's address.
        for i in 0..<20 {
            let forged = HeartbeatPacket(
                role: .primary, path: .public, state: .active, bootID: 999_999, sequence: UInt64(i + 1),
                configSerial: 1, sentAt: c.wall(c.now)
            ).encoded(key: attacker)
            c.inject(forged, to: .backup, from: TwoNodeCluster.addresses[.primary]!.publicAddress)
            c.run(for: .milliseconds(500))
        }
        #expect(c.holders == [.backup])
        let status = c.nodes[.backup]!.machine.status(at: c.now)
        #expect(status.droppedHeartbeats[.forged] == 20)
        // Logged at most once per 10 s, with the count of the others.
        let forgedLogs = c.nodes[.backup]!.logs.filter { $0.message.contains(": forged: ") }
        #expect(forgedLogs.count == 1)
    }

    @Test func replayedHeartbeatsCannotKeepADeadPeerAlive() throws {
        var c = TwoNodeCluster()
        let key = try HeartbeatKey(contents: Array("cluster secret, thirty-two bytes".utf8), path: "k")
        c.keys = [.primary: key, .backup: key]
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(2))
        // Kill the primary, then replay everything it ever sent, one packet per 200 ms.
        c.kill(.primary)
        let recorded = c.tap.filter { $0.to == .backup }
        #expect(recorded.count >= 4)
        for datagram in recorded {
            c.inject(datagram.bytes, to: .backup, from: datagram.from)
            c.run(for: .milliseconds(200))
        }
        let reached8 = c.run(until: { $0.holders == [.backup] }, within: .seconds(5))
        #expect(reached8)
        #expect(c.nodes[.backup]!.machine.status(at: c.now).droppedHeartbeats[.replayed] == recorded.count)
    }

    @Test func keyOnOneSideOnlyIsReportedAsUnauthenticated() throws {
        var c = TwoNodeCluster()
        c.keys = [.primary: try HeartbeatKey(contents: Array("cluster secret, thirty-two bytes".utf8), path: "k")]
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(5))
        #expect((c.nodes[.backup]!.machine.status(at: c.now).droppedHeartbeats[.unauthenticated] ?? 0) > 0)
        #expect((c.nodes[.primary]!.machine.status(at: c.now).droppedHeartbeats[.unauthenticated] ?? 0) > 0)
        #expect(c.nodes[.primary]!.logText.contains("heartbeat_key_file settings differ"))
    }

    @Test func piranhaProtocolClusterAlsoStartsWithOneActiveAndFailsOver() {
        var c = TwoNodeCluster()
        c.wireProtocol = .piranha
        c.start(.primary)
        c.start(.backup)
        c.run(for: .seconds(5))
        #expect(c.holders == [.primary])
        #expect(!c.everDualActive())
        // Manual failover over Piranha's format: "stopped" makes the peer activate, "running" lets go.
        let at = c.now
        c.handle(.failoverRequested, on: .primary)
        c.run(for: .seconds(5))
        #expect(c.holders == [.backup])
        #expect(!c.everOwnerless(since: at))
        // A Piranha backup cannot ask the primary to hand over.
        c.handle(.takeoverRequested, on: .primary)
        c.run(for: .seconds(5))
        #expect(c.holders == [.primary])
        c.handle(.takeoverRequested, on: .backup)
        #expect(c.nodes[.backup]!.answers.last.map { if case .refused = $0 { true } else { false } } == true)
    }
}
