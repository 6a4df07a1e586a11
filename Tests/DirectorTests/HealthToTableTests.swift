import Addressing
import Director
import HealthCheck
import IPVS
import Testing

/// nanny's state machine and lvsd's decisions together on a virtual clock: check results in,
/// kernel-like table out. No process, no socket, no sleep.
@Suite struct HealthToTableTests {
    let clock = VirtualClock()

    /// One nanny machine per real server, feeding reports to the director; the table follows.
    struct Rig {
        var director: Director
        var nannies: [RealServerKey: NannyStateMachine] = [:]
        var table = InMemoryIPVSTable()

        mutating func deliver(_ actions: [NannyAction], from key: RealServerKey, at now: ContinuousClock.Instant) throws
        {
            for case .report(let report) in actions {
                _ = director.receive(report, from: key, at: now)
            }
            let plan = ReconcilePlan(
                target: director.target(), actual: try IPVSSnapshot.read(from: table), owned: director.ownedServices)
            for result in table.apply(plan.operations) { try result.get() }
        }

        mutating func check(_ key: RealServerKey, _ result: CheckResult, at now: ContinuousClock.Instant) throws {
            try deliver(nannies[key]!.checkCompleted(result, at: now), from: key, at: now)
        }

        mutating func stepWeights(at now: ContinuousClock.Instant) throws {
            for key in nannies.keys.sorted() {
                if let due = nannies[key]!.nextWeightStep, due <= now {
                    try deliver(nannies[key]!.weightStepDue(at: now), from: key, at: now)
                }
            }
        }

        func weights() throws -> [String] {
            try table.destinations(of: wwwIdentity).map { "\($0.identity)=\($0.weight)" }.sorted()
        }
    }

    func rig(_ block: String = wwwBlock) throws -> Rig {
        var rig = Rig(director: Director(configuration: config(lvsFile(block)), at: clock.now))
        _ = rig.director.start(adopting: IPVSSnapshot())
        for key in rig.director.keys {
            let weight = rig.director.desired.service(key.service)!.server(key.server)!.weight
            rig.nannies[key] = NannyStateMachine(.init(server: "\(key.server)", weight: weight, reentry: .seconds(15)))
        }
        try rig.deliver([], from: rs1, at: clock.now)
        return rig
    }

    @Test func serverComesUpSlowlyGoesDownAtOnceAndReturnsAfterReentry() throws {
        var r = try rig()
        try r.check(rs1, .passed("200 OK"), at: clock.now)
        #expect(try r.weights() == ["10.0.1.10:80=1"])  // 10 >> 5 = 0, at least 1
        // Slow start doubles every 20 s up to 10.
        for expected in [2, 4, 8, 10] {
            clock.advance(.seconds(20))
            try r.stepWeights(at: clock.now)
            #expect(try r.weights() == ["10.0.1.10:80=\(expected)"])
        }
        // One failed check takes it out.
        clock.advance(.seconds(6))
        try r.check(rs1, .failed("connect to 10.0.1.10:80: Connection refused"), at: clock.now)
        #expect(try r.weights() == [])
        // It must keep passing for the whole reentry time (15 s) before it returns: the first
        // pass starts the count, 6 and 12 s later it is still out.
        for _ in 0..<3 {
            clock.advance(.seconds(6))
            try r.check(rs1, .passed("200 OK"), at: clock.now)
            #expect(try r.weights() == [])
        }
        clock.advance(.seconds(6))
        try r.check(rs1, .passed("200 OK"), at: clock.now)  // passing for 18 s
        #expect(try r.weights() == ["10.0.1.10:80=1"])
    }

    @Test func failureDuringReentryStartsItOver() throws {
        var r = try rig()
        try r.check(rs2, .passed("ok"), at: clock.now)
        try r.check(rs2, .failed("timeout"), at: clock.now)
        clock.advance(.seconds(10))
        try r.check(rs2, .passed("ok"), at: clock.now)
        clock.advance(.seconds(6))
        try r.check(rs2, .failed("timeout"), at: clock.now)
        clock.advance(.seconds(10))
        try r.check(rs2, .passed("ok"), at: clock.now)
        #expect(try r.weights() == [])
        clock.advance(.seconds(15))
        try r.check(rs2, .passed("ok"), at: clock.now)
        #expect(try r.weights() == ["10.0.1.11:80=1"])
    }

    @Test func allDownBringsTheSorryServerAndOneBackTakesItOut() throws {
        var r = try rig(wwwBlock.replacing("reentry = 15", with: "reentry = 15\nsorry_server = 10.0.9.9"))
        #expect(try r.weights() == ["10.0.9.9:80=1"])
        try r.check(rs1, .passed("ok"), at: clock.now)
        try r.check(rs2, .passed("ok"), at: clock.now)
        #expect(try r.weights() == ["10.0.1.10:80=1", "10.0.1.11:80=1"])
        try r.check(rs1, .failed("refused"), at: clock.now)
        try r.check(rs2, .failed("refused"), at: clock.now)
        #expect(try r.weights() == ["10.0.9.9:80=1"])
        try r.check(rs2, .passed("ok"), at: clock.now)
        #expect(try r.weights() == ["10.0.9.9:80=1"])
        clock.advance(.seconds(15))
        try r.check(rs2, .passed("ok"), at: clock.now)
        #expect(try r.weights() == ["10.0.1.11:80=1"])
    }

    @Test func forcedDownAndUpByTheNannysOverride() throws {
        var r = try rig()
        try r.check(rs1, .passed("ok"), at: clock.now)
        try r.deliver(r.nannies[rs1]!.forceDown(at: clock.now), from: rs1, at: clock.now)
        #expect(try r.weights() == [])
        #expect(r.director.records[rs1]?.mode == .forcedDown)
        try r.deliver(r.nannies[rs1]!.forceUp(at: clock.now), from: rs1, at: clock.now)
        #expect(try r.weights() == ["10.0.1.10:80=10"])
        #expect(r.director.records[rs1]?.mode == .forcedUp)
    }
}
