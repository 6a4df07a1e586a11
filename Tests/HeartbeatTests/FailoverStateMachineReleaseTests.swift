import Heartbeat
import Testing

/// Failover services (`service = fos`, ``FailoverConfiguration/releaseBeforeTakeover``): two real
/// machines on a simulated network, the fos daemon modelled as taking 200 ms to stop. The service
/// must never run on both directors, and a planned letting go stops it here before the partner
/// starts it.
struct FailoverStateMachineReleaseTests {
    /// A pair running failover services, the primary active with the service running.
    static func settledPair() -> TwoNodeCluster {
        var cluster = TwoNodeCluster()
        cluster.failoverServices = true
        cluster.keepalive = .milliseconds(100)
        cluster.deadtime = .milliseconds(500)
        cluster.start(.primary)
        cluster.start(.backup)
        let settled = cluster.run(
            until: { $0.serviceRunners == [.primary] && $0.nodes[.backup]!.machine.peerState == .active },
            within: .seconds(3))
        precondition(settled, "the primary should run the service")
        return cluster
    }

    /// When `role` started running the service last.
    static func serviceStarted(_ role: FailoverRole, in cluster: TwoNodeCluster) -> ContinuousClock.Instant? {
        var result: ContinuousClock.Instant?
        var previous: Set<FailoverRole> = []
        for entry in cluster.serviceHistory {
            if entry.runners.contains(role), !previous.contains(role) { result = entry.at }
            previous = entry.runners
        }
        return result
    }

    @Test func bothStartingTogetherRunTheServiceOnThePrimaryOnly() {
        let cluster = Self.settledPair()
        #expect(!cluster.serviceEverRanTwice())
        #expect(!cluster.everDualActive())
        #expect(cluster.holders == [.primary])
        // The fos daemon starts once the VIPs are up, never before.
        #expect(Self.serviceStarted(.primary, in: cluster)! >= cluster.becameHolder(.primary)!)
    }

    @Test func aManualFailoverStopsTheServiceHereBeforeThePartnerStartsIt() {
        var cluster = Self.settledPair()
        let asked = cluster.now
        cluster.handle(.failoverRequested, on: .primary)
        #expect(
            cluster.nodes[.primary]!.answers.last
                == .accepted(
                    "releasing: this node stops the failover services and takes the VIPs down, then the partner "
                        + "brings them up (this node takes them back if the partner has not taken over within 10.5 seconds)"
                ))
        #expect(cluster.nodes[.primary]!.machine.state == .releasing)
        // The partner still sees this node active while the service stops.
        cluster.run(for: .milliseconds(150))
        #expect(cluster.nodes[.backup]!.machine.state == .inactive)
        #expect(cluster.serviceRunners == [.primary])
        let reached1 = cluster.run(until: { $0.serviceRunners == [.backup] }, within: .seconds(2))
        #expect(reached1)
        let reached2 = cluster.run(until: { $0.nodes[.primary]!.machine.state == .inactive }, within: .seconds(1))
        #expect(reached2)
        #expect(!cluster.serviceEverRanTwice())
        #expect(!cluster.everDualActive(since: asked))
        #expect(Self.serviceStarted(.backup, in: cluster)! - asked >= cluster.serviceStopTime)
        #expect(cluster.nodes[.primary]!.logText.contains("partner active: failover complete"))
        // And back, asked from the inactive side.
        cluster.handle(.takeoverRequested, on: .primary)
        let reached3 = cluster.run(
            until: { $0.serviceRunners == [.primary] && $0.holders == [.primary] }, within: .seconds(2))
        #expect(reached3)
        #expect(!cluster.serviceEverRanTwice())
        #expect(!cluster.everDualActive(since: asked))
    }

    @Test func aFailedServiceIsReleasedAndThePartnerTakesOverOnceItHasStopped() {
        var cluster = Self.settledPair()
        let failedAt = cluster.now
        cluster.failService(on: .primary)
        #expect(cluster.nodes[.primary]!.machine.state == .releasing)
        let reached4 = cluster.run(until: { $0.serviceRunners == [.backup] }, within: .seconds(2))
        #expect(reached4)
        #expect(cluster.becameHolder(.backup)! > failedAt)
        #expect(!cluster.everDualActive(since: failedAt))
        #expect(
            cluster.nodes[.primary]!.logText.contains("a failover service failed (the fos daemon exited with status 3)")
        )
        // The fault clears once the partner is active: the primary stands by again.
        let reached5 = cluster.run(until: { $0.nodes[.primary]!.machine.state == .inactive }, within: .seconds(1))
        #expect(reached5)
        // A failure on the backup too now goes back to the primary, once.
        cluster.failService(on: .backup)
        let reached6 = cluster.run(until: { $0.serviceRunners == [.primary] }, within: .seconds(2))
        #expect(reached6)
        #expect(!cluster.serviceEverRanTwice())
    }

    @Test func eachFailureMovesTheServiceOnceAndAFaultedPairWaitsForTheAdmin() {
        var cluster = Self.settledPair()
        cluster.failService(on: .primary)
        let reached1 = cluster.run(until: { $0.serviceRunners == [.backup] }, within: .seconds(2))
        #expect(reached1)
        // The primary's fault cleared when the backup was active: a failure there moves it back.
        cluster.failService(on: .backup)
        let reached2 = cluster.run(until: { $0.serviceRunners == [.primary] }, within: .seconds(2))
        #expect(reached2)
        // Nothing moves without a failure.
        cluster.run(for: .seconds(3))
        #expect(cluster.serviceRunners == [.primary])
        // A director that fails while its partner is faulted still lets go: both are faulted, and
        // nobody runs the service until the admin takes over on purpose.
        cluster.handle(.linkDown("eth1"), on: .backup)
        cluster.failService(on: .primary)
        cluster.run(for: .seconds(3))
        #expect(cluster.serviceRunners == [])
        #expect(cluster.nodes[.primary]!.machine.state == .faulted)
        cluster.handle(.takeoverRequested, on: .primary)
        let reached3 = cluster.run(until: { $0.serviceRunners == [.primary] }, within: .seconds(2))
        #expect(reached3)
        #expect(!cluster.serviceEverRanTwice())
    }

    @Test func sigtermStopsTheServiceBeforeAnnouncingStopping() {
        var cluster = Self.settledPair()
        let stoppedAt = cluster.now
        cluster.handle(.stop("signal 15"), on: .primary)
        #expect(!cluster.nodes[.primary]!.exited)
        let reached10 = cluster.run(until: { $0.serviceRunners == [.backup] }, within: .seconds(2))
        #expect(reached10)
        #expect(cluster.nodes[.primary]!.exited)
        #expect(!cluster.serviceEverRanTwice())
        #expect(!cluster.everDualActive(since: stoppedAt))
        // Taken over on "stopping", long before a deadtime.
        #expect(Self.serviceStarted(.backup, in: cluster)! - stoppedAt < cluster.serviceStopTime + .milliseconds(100))
    }

    @Test func aCrashedDirectorsServiceIsTakenOverAfterDeadtime() {
        var cluster = Self.settledPair()
        let crashedAt = cluster.now
        cluster.kill(.primary)
        let reached11 = cluster.run(until: { $0.serviceRunners == [.backup] }, within: .seconds(2))
        #expect(reached11)
        #expect(Self.serviceStarted(.backup, in: cluster)! - crashedAt >= cluster.deadtime)
        #expect(!cluster.serviceEverRanTwice())
    }

    @Test func aPartnerThatDoesNotTakeOverGetsTheServiceBack() {
        var cluster = Self.settledPair()
        cluster.handle(.failoverRequested, on: .primary)
        let reached12 = cluster.run(until: { $0.nodes[.primary]!.machine.state == .handedOver }, within: .seconds(1))
        #expect(reached12)
        // The backup dies before it hears the hand-over.
        cluster.kill(.backup)
        let reached13 = cluster.run(until: { $0.serviceRunners == [.primary] }, within: .seconds(2))
        #expect(reached13)
        #expect(cluster.nodes[.primary]!.logText.contains("partner dead: taking the failover services back"))
        #expect(cluster.nodes[.primary]!.machine.state == .active)
    }

    @Test func requestsDuringAReleaseAreRefused() {
        var cluster = Self.settledPair()
        cluster.handle(.failoverRequested, on: .primary)
        cluster.handle(.failoverRequested, on: .primary)
        cluster.handle(.takeoverRequested, on: .primary)
        #expect(
            cluster.nodes[.primary]!.answers.suffix(2) == [
                .refused("a failover is already under way"), .refused("this node is already active"),
            ])
    }

    @Test func warmStandbyCannotBeCombinedWithFailoverServices() {
        #expect(throws: FailoverConfigurationError.self) {
            try FailoverConfiguration(role: .primary, warmStandby: true, releaseBeforeTakeover: true)
        }
    }
}
