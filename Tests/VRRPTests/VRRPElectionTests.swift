import Addressing
import Heartbeat
import Testing

@testable import VRRP

/// The election on a virtual clock: a director at priority 150 (v3, 1 s) beside a peer.
@Suite struct VRRPElectionTests {
    static let own = IPAddress("192.0.2.2")!
    static let peer = IPAddress("192.0.2.3")!
    static let lowerPeer = IPAddress("192.0.2.1")!
    static let vip = IPAddress("198.51.100.10")!
    let t0 = ContinuousClock.now
    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    static func configuration(
        priority: UInt8 = 150, version: VRRPAdvertisement.Version = .v3, interval: UInt16 = 100, preempt: Bool = true,
        preemptDelay: Duration = .zero, garps: Int = 3
    ) -> VRRPElectionConfiguration {
        try! VRRPElectionConfiguration(
            role: .primary, version: version, virtualRouterID: 51, priority: priority,
            advertIntervalCentiseconds: interval, preempt: preempt, preemptDelay: preemptDelay, ownAddress: own,
            addresses: [vip], gratuitousARPCount: garps, gratuitousARPInterval: .seconds(1))
    }

    static func advert(_ priority: UInt8, interval: UInt16 = 100) -> VRRPAdvertisement {
        VRRPAdvertisement(
            version: .v3, virtualRouterID: 51, priority: priority, intervalCentiseconds: interval, addresses: [vip])
    }

    /// A started election with its table ready.
    func started(_ configuration: VRRPElectionConfiguration = configuration()) -> VRRPElection {
        var election = VRRPElection(configuration: configuration)
        _ = election.handle(.start, at: at(0))
        _ = election.handle(.tableChanged(.ready), at: at(0))
        return election
    }

    static func failovers(_ actions: [VRRPAction]) -> [FailoverAction] {
        actions.compactMap {
            if case .failover(let action) = $0 {
                switch action {
                case .log, .wakeUp: return nil
                default: return action
                }
            }
            return nil
        }
    }

    static func adverts(_ actions: [VRRPAction]) -> [UInt8] {
        actions.compactMap { if case .advertise(let p) = $0 { p } else { nil } }
    }

    @Test func skewAndMasterDownFollowTheRFCs() {
        let v3 = Self.configuration()
        // (256 - 150) / 256 of the 1 s interval.
        #expect(v3.skew(masterInterval: .seconds(1)) == .seconds(106.0 / 256))
        #expect(v3.masterDownInterval(masterInterval: .seconds(1)) == .seconds(3) + .seconds(106.0 / 256))
        #expect(v3.masterDownInterval(masterInterval: .milliseconds(500)) == .milliseconds(1500) + .seconds(53.0 / 256))
        let v2 = Self.configuration(priority: 100, version: .v2)
        #expect(v2.skew(masterInterval: .seconds(2)) == .seconds(156.0 / 256))
    }

    @Test func configurationRefusesWhatCannotWork() {
        #expect(throws: VRRPConfigurationError.self) {
            try VRRPElectionConfiguration(
                role: .primary, version: .v2, virtualRouterID: 1, priority: 100, advertIntervalCentiseconds: 50,
                ownAddress: Self.own, addresses: [Self.vip])
        }
        #expect(throws: VRRPConfigurationError.self) {
            try VRRPElectionConfiguration(
                role: .primary, version: .v3, virtualRouterID: 1, priority: 255, ownAddress: Self.own,
                addresses: [Self.vip])
        }
        #expect(throws: VRRPConfigurationError.self) {
            try VRRPElectionConfiguration(
                role: .primary, version: .v3, virtualRouterID: 1, priority: 100, ownAddress: Self.own,
                addresses: [IPAddress("2001:db8::1")!])
        }
    }

    @Test func aLoneRouterBecomesMasterAfterMasterDownInterval() {
        var election = VRRPElection(configuration: Self.configuration())
        let start = election.handle(.start, at: at(0))
        #expect(Self.failovers(start) == [.startLVSD])
        #expect(start.last == .failover(.wakeUp(at: at(0) + .seconds(3) + .seconds(106.0 / 256))))
        #expect(Self.failovers(election.handle(.tick, at: at(3400))).isEmpty)
        let takeover = election.handle(.tick, at: at(3415))
        #expect(Self.adverts(takeover) == [150])
        #expect(Self.failovers(takeover) == [.activate])
        #expect(election.state == .master)
        // Advertises every interval; the remaining gratuitous ARP rounds follow each second.
        _ = election.handle(.activationFinished, at: at(3500))
        let next = election.handle(.tick, at: at(4415))
        #expect(Self.adverts(next) == [150])
        #expect(Self.failovers(next) == [.sendGratuitousARPs])
    }

    @Test func aBackupFollowsAHigherMasterAndTakesOverWhenItGoesQuiet() {
        var election = started()
        for ms in stride(from: 500, through: 5500, by: 1000) {
            _ = election.receive(Self.advert(200), from: Self.peer, at: at(ms))
            #expect(Self.failovers(election.handle(.tick, at: at(ms + 900))).isEmpty)
        }
        #expect(election.state == .backup)
        #expect(election.status(at: at(5600)).vrrp?.master == "192.0.2.3")
        // Last advertisement at 5.5 s: master down 3.414 s later.
        #expect(Self.failovers(election.handle(.tick, at: at(8900))).isEmpty)
        #expect(Self.failovers(election.handle(.tick, at: at(8915))) == [.activate])
    }

    @Test func priorityZeroHandsOverAfterTheSkewAlone() {
        var election = started()
        _ = election.receive(Self.advert(200), from: Self.peer, at: at(500))
        let stopping = election.receive(Self.advert(0), from: Self.peer, at: at(1000))
        #expect(stopping.last == .failover(.wakeUp(at: at(1000) + .seconds(106.0 / 256))))
        let takeover = election.handle(.tick, at: at(1415))
        #expect(Self.failovers(takeover) == [.activate])
        #expect(
            takeover.contains(
                .failover(
                    .log(
                        FailoverLogEntry(
                            .notice, "master 192.0.2.3 stopped (priority 0): becoming master (priority 150), activating"
                        )))))
    }

    @Test func aV3BackupAdoptsTheMastersInterval() {
        var election = started()
        let actions = election.receive(Self.advert(200, interval: 20), from: Self.peer, at: at(100))
        // 3 × 200 ms + (106/256) × 200 ms.
        #expect(
            actions.last == .failover(.wakeUp(at: at(100) + .milliseconds(600) + .milliseconds(200) * (106.0 / 256))))
    }

    @Test func aMasterGivesWayToAHigherPriorityOrAnEqualOneFromAHigherAddress() {
        for (priority, source) in [(UInt8(200), Self.peer), (150, Self.peer)] {
            var election = started(Self.configuration())
            _ = election.handle(.tick, at: at(3500))
            #expect(election.state == .master)
            let actions = election.receive(Self.advert(priority), from: source, at: at(3600))
            #expect(Self.failovers(actions) == [.deactivate])
            #expect(Self.adverts(actions).isEmpty)
            #expect(election.state == .backup)
        }
    }

    @Test func aMasterAnswersALowerMasterWithAnAdvertAndGratuitousARPs() {
        var election = started()
        _ = election.handle(.tick, at: at(3500))
        _ = election.handle(.activationFinished, at: at(3600))
        for (priority, source) in [(UInt8(100), Self.peer), (UInt8(150), Self.lowerPeer)] {
            let actions = election.receive(Self.advert(priority), from: source, at: at(3700))
            #expect(Self.adverts(actions) == [150])
            #expect(Self.failovers(actions) == [.sendGratuitousARPs])
            #expect(election.state == .master)
        }
    }

    @Test func preemptionTakesOverFromALowerMasterWhenItsTimerRunsOut() {
        var election = started()
        for ms in stride(from: 500, through: 3500, by: 1000) {
            _ = election.receive(Self.advert(100), from: Self.peer, at: at(ms))
        }
        // Lower advertisements do not reset the timer set at start.
        #expect(Self.failovers(election.handle(.tick, at: at(3415))) == [.activate])
    }

    @Test func withoutPreemptionOrBeforeTheTableIsReadyALowerMasterKeepsTheVIPs() {
        var nopreempt = started(Self.configuration(preempt: false))
        var notReady = VRRPElection(configuration: Self.configuration())
        _ = notReady.handle(.start, at: at(0))
        _ = notReady.handle(.tableChanged(.checking(awaiting: 2)), at: at(0))
        for ms in stride(from: 500, through: 9500, by: 1000) {
            _ = nopreempt.receive(Self.advert(100), from: Self.peer, at: at(ms))
            _ = notReady.receive(Self.advert(100), from: Self.peer, at: at(ms))
            #expect(Self.failovers(nopreempt.handle(.tick, at: at(ms + 999))).isEmpty)
            #expect(Self.failovers(notReady.handle(.tick, at: at(ms + 999))).isEmpty)
        }
        // Once ready, the next lower advertisement no longer holds it back.
        _ = notReady.handle(.tableChanged(.ready), at: at(10000))
        _ = notReady.receive(Self.advert(100), from: Self.peer, at: at(10500))
        #expect(Self.failovers(notReady.handle(.tick, at: at(12915))) == [.activate])
    }

    @Test func preemptDelayCountsFromTheFirstLowerAdvertisementAsKeepalivedDoes() {
        var election = started(Self.configuration(preemptDelay: .seconds(5)))
        for ms in stride(from: 500, through: 2500, by: 1000) {
            _ = election.receive(Self.advert(200), from: Self.peer, at: at(ms))
        }
        // The higher master stopped without a word; a lower one took over. Its first advertisement
        // (3.5 s) starts the delay: accepted until 8.5 s, so the timer runs from the one at 7.5 s.
        for ms in stride(from: 3500, through: 9500, by: 1000) {
            _ = election.receive(Self.advert(100), from: Self.peer, at: at(ms))
            if ms < 10500 { #expect(Self.failovers(election.handle(.tick, at: at(ms + 999))).isEmpty) }
        }
        #expect(Self.failovers(election.handle(.tick, at: at(10900))).isEmpty)
        #expect(Self.failovers(election.handle(.tick, at: at(10915))) == [.activate])
    }

    @Test func failoverAdvertisesPriorityZeroKeepsTheVIPsUntilTheBackupTakesOverAndStopsPreempting() {
        var election = started(Self.configuration(garps: 1))
        _ = election.handle(.tick, at: at(3500))
        _ = election.handle(.activationFinished, at: at(3600))
        let failover = election.handle(.failoverRequested, at: at(4000))
        #expect(Self.adverts(failover) == [0])
        guard case .answer(.failover, .accepted) = Self.failovers(failover).last else {
            Issue.record("no acceptance: \(failover)")
            return
        }
        // Still holding the VIPs, advertising priority 0 every interval, until the backup speaks.
        #expect(!Self.failovers(failover).contains(.deactivate))
        #expect(election.status(at: at(4000)).state == .handingOver)
        #expect(Self.adverts(election.handle(.tick, at: at(5000))) == [0])
        let tookOver = election.receive(Self.advert(100), from: Self.peer, at: at(5100))
        #expect(Self.failovers(tookOver) == [.deactivate])
        #expect(election.state == .backup)
        // The lower-priority backup took over: it keeps the VIPs.
        for ms in stride(from: 5500, through: 12500, by: 1000) {
            _ = election.receive(Self.advert(100), from: Self.peer, at: at(ms))
            #expect(Self.failovers(election.handle(.tick, at: at(ms + 999))).isEmpty)
        }
        // A takeover is allowed (the master is lower) and preempts again.
        let takeover = election.handle(.takeoverRequested, at: at(13000))
        #expect(Self.failovers(takeover).contains(.activate))
        #expect(Self.adverts(takeover) == [150])
    }

    @Test func aFailoverNobodyTakesUpKeepsTheVIPsAndATakeoverCancelsOne() {
        var election = started(Self.configuration(garps: 1))
        _ = election.handle(.tick, at: at(3500))
        _ = election.handle(.activationFinished, at: at(3600))
        _ = election.handle(.failoverRequested, at: at(4000))
        // Four intervals: 8 s.
        #expect(Self.failovers(election.handle(.tick, at: at(7900))).isEmpty)
        let back = election.handle(.tick, at: at(8000))
        #expect(Self.adverts(back) == [150])
        #expect(Self.failovers(back).isEmpty)
        #expect(election.state == .master && election.status(at: at(8000)).state == .active)
        _ = election.handle(.failoverRequested, at: at(9000))
        let cancel = election.handle(.takeoverRequested, at: at(9100))
        #expect(Self.adverts(cancel) == [150])
        guard case .answer(.takeover, .accepted) = Self.failovers(cancel).last else {
            Issue.record("not accepted: \(cancel)")
            return
        }
        // A lower master heard now is answered again, not obeyed.
        #expect(
            Self.failovers(election.receive(Self.advert(100), from: Self.peer, at: at(9200))) == [.sendGratuitousARPs])
    }

    @Test func takeoverIsRefusedWhileAHigherMasterWouldTakeItBack() {
        var election = started()
        _ = election.receive(Self.advert(200), from: Self.peer, at: at(500))
        let actions = election.handle(.takeoverRequested, at: at(600))
        guard case .answer(.takeover, .refused(let why)) = Self.failovers(actions).last else {
            Issue.record("not refused: \(actions)")
            return
        }
        #expect(why.contains("priority 200"))
        #expect(election.state == .backup)
    }

    @Test func stoppingAsMasterAdvertisesPriorityZeroFirst() {
        var election = started()
        _ = election.handle(.tick, at: at(3500))
        let stop = election.handle(.stop("signal 15"), at: at(4000))
        #expect(Self.adverts(stop) == [0])
        #expect(Self.failovers(stop) == [.deactivate, .exit])
        let stopAdvert = stop.firstIndex(of: .advertise(priority: 0))!
        let deactivate = stop.firstIndex(of: .failover(.deactivate))!
        #expect(stopAdvert < deactivate)
    }

    @Test func aFaultMakesTheMasterLetGoAndKeepsItFromTakingOver() {
        var election = started()
        _ = election.handle(.tick, at: at(3500))
        let failed = election.handle(.lvsdFailed("exited with status 1 5 times within 300 s"), at: at(4000))
        #expect(Self.adverts(failed) == [0])
        #expect(Self.failovers(failed) == [.deactivate])
        #expect(election.status(at: at(4000)).state == .faulted)
        #expect(Self.failovers(election.handle(.tick, at: at(20000))).isEmpty)
        _ = election.handle(.tableChanged(.ready), at: at(21000))
        #expect(Self.failovers(election.handle(.tick, at: at(24415))) == [.activate])
    }

    @Test func dropsAreCountedAndLoggedOncePerReasonAndTenSeconds() {
        var election = started()
        let rejection = VRRPRejection(.ttl, "TTL/hop limit 64, 255 required", source: "192.0.2.9")
        #expect(election.record(rejection, at: at(100)).count == 1)
        #expect(election.record(rejection, at: at(200)).isEmpty)
        #expect(election.record(rejection, at: at(10100)).count == 1)
        #expect(election.status(at: at(10200)).vrrp?.dropped == ["ttl": 3])
    }
}
