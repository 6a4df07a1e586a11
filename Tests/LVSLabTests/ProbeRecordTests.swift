import LVSLab
import Testing

struct ProbeRecordTests {
    private let zero = ContinuousClock.now

    private func at(_ milliseconds: Int) -> ContinuousClock.Instant { zero + .milliseconds(milliseconds) }

    private func answered(_ milliseconds: Int, by server: String = "rs1") -> ProbeSample {
        ProbeSample(started: at(milliseconds - 5), finished: at(milliseconds), server: server)
    }

    private func lost(_ milliseconds: Int, _ reason: String = "no connection within 1 s") -> ProbeSample {
        ProbeSample(started: at(milliseconds - 1000), finished: at(milliseconds), server: nil, failure: reason)
    }

    @Test func theLongestSilenceIsBetweenTheAnswersAroundAnOutage() {
        let record = ProbeRecord(
            start: at(0), end: at(4000),
            samples: [
                answered(50), answered(100, by: "rs2"), answered(150), lost(1200), lost(1250),
                answered(2900, by: "rs3"), answered(2950),
            ])
        #expect(record.longestSilence.from == at(150))
        #expect(record.longestSilence.to == at(2900))
        #expect(record.longestSilenceDuration == .milliseconds(2750))
        #expect(record.answered == 5)
        #expect(record.unanswered == 2)
        #expect(record.answersByServer == ["rs1": 3, "rs2": 1, "rs3": 1])
        #expect(record.firstAnswer(after: at(1000)) == at(2900))
        #expect(record.lastAnswer(before: at(1000)) == at(150))
        #expect(record.failureReasons.map(\.reason) == ["no connection within 1 s"])
        #expect(record.failureReasons.map(\.count) == [2])
    }

    @Test func silenceAtTheEdgesCounts() {
        let late = ProbeRecord(start: at(0), end: at(1000), samples: [answered(700), answered(750)])
        #expect(late.longestSilenceDuration == .milliseconds(700))
        let early = ProbeRecord(start: at(0), end: at(1000), samples: [answered(50), answered(100)])
        #expect(early.longestSilence.from == at(100))
        #expect(early.longestSilenceDuration == .milliseconds(900))
        let none = ProbeRecord(start: at(0), end: at(500), samples: [lost(400, "connect: Connection refused")])
        #expect(none.longestSilenceDuration == .milliseconds(500))
        #expect(none.firstAnswer(after: at(0)) == nil)
        #expect(none.failureReasons.first?.reason == "connect: Connection refused")
    }

    @Test func answersOutsideTheWindowAreIgnored() {
        let record = ProbeRecord(start: at(100), end: at(300), samples: [answered(50), answered(200), answered(400)])
        #expect(record.longestSilenceDuration == .milliseconds(100))
    }
}
