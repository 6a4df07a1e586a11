import Director
import HealthCheck
import Testing

/// A nanny's load-based weight (above its `-w`, up to `-S` times it) reaches the table.
@Suite struct DirectorLoadWeightTests {
    let clock = VirtualClock()

    @Test func weightsAboveTheConfiguredOneAreServedAndLoggedAsLoad() {
        var d = Director(configuration: config(lvsFile(wwwBlock)), previouslyOwned: [], at: clock.now)
        _ = d.start(adopting: IPVSSnapshot())
        _ = d.receive(.up(weight: 10, reason: "ok"), from: rs1, at: clock.now)
        #expect(d.target().weights(wwwIdentity) == ["10.0.1.10:80=10"])
        var actions = d.receive(.weight(35), from: rs1, at: clock.now)
        #expect(actions.reconciles)
        #expect(
            actions.logLines == [
                "load: weight of real server rs1 (10.0.1.10:80) of virtual www (TCP 192.0.2.10:80) now 35 (configured 10)"
            ])
        #expect(d.targetWeight(of: rs1) == 35)
        actions = d.receive(.weight(10), from: rs1, at: clock.now)
        #expect(actions.reconciles)
        #expect(d.targetWeight(of: rs1) == 10)
    }

    /// A reload that changes only the weight keeps the nanny (started with the old `-w`): its
    /// load weight keeps its ratio to the configured weight.
    @Test func aLoadWeightIsScaledToTheConfiguredWeightAfterAReload() throws {
        var d = Director(configuration: config(lvsFile(wwwBlock)), previouslyOwned: [], at: clock.now)
        _ = d.start(adopting: IPVSSnapshot())
        _ = d.receive(.up(weight: 10, reason: "ok"), from: rs1, at: clock.now)
        _ = d.receive(.weight(30), from: rs1, at: clock.now)
        let doubled = wwwBlock.replacing("weight = 10", with: "weight = 20")
        #expect(doubled != wwwBlock)
        _ = d.reload(config(lvsFile(doubled)), at: clock.now)
        #expect(d.targetWeight(of: rs1) == 60)
    }
}
