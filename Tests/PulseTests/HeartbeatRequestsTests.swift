import Control
import Heartbeat
import Pulse
import Testing

/// Control requests waiting for the heartbeat thread: admission, identifiers, coalescing, and the
/// answers they get.
@Suite struct HeartbeatRequestsTests {
    /// What the waiters were given.
    final class Answers {
        var statuses: [String] = []
        var handOvers: [String] = []
        var reconfigurations: [String?] = []
    }

    let failover: FailoverStatus
    let settings: PulseSettings

    init() throws {
        settings = try PulseSettings(config: PulseTestConfig.config(), role: .primary)
        failover = FailoverStateMachine(configuration: try settings.failoverConfiguration(forceActive: false))
            .status(at: .now)
    }

    @Test func statusRequestsAreAskedForOnceAndAnsweredTogether() {
        var requests = HeartbeatRequests()
        let answers = Answers()
        let asks = ["a", "b"].map { name in
            requests.awaitStatus({ _ in answers.statuses.append(name) }, stopping: false)
        }
        #expect(asks == [true, false])
        for waiter in requests.statusArrived() { waiter(failover) }
        #expect(answers.statuses == ["a", "b"])
        let none = requests.statusArrived()
        #expect(none.isEmpty)
        // The next one asks again.
        let again = requests.awaitStatus({ _ in answers.statuses.append("c") }, stopping: false)
        #expect(again)
        // While stopping nobody is answered.
        var stopping = HeartbeatRequests()
        let dropped = stopping.awaitStatus({ _ in answers.statuses.append("d") }, stopping: true)
        let waiting = stopping.statusArrived()
        #expect(!dropped && waiting.isEmpty)
    }

    @Test func handOversAreForwardedWithTheirOwnIdentifiersUpToTheLimit() {
        var requests = HeartbeatRequests()
        let answers = Answers()
        var ids: [UInt64] = []
        for index in 0..<HeartbeatRequests.handOverLimit {
            guard
                case .forwarded(let id) = requests.awaitHandOver(
                    { answer, _ in answers.handOvers.append("\(index) \(answer.map(\.description) ?? "none")") },
                    stopping: false)
            else {
                Issue.record("request \(index) not forwarded")
                return
            }
            ids.append(id)
        }
        #expect(Set(ids).count == ids.count)
        #expect(requests.waitingHandOvers == 64)
        let busy = requests.awaitHandOver({ _, _ in }, stopping: false)
        #expect(busy == .refused("pulse is busy: 64 hand-over requests wait already"))
        requests.handOverAnswered(ids[3])?(.accepted("handing over"), failover)
        let twice = requests.handOverAnswered(ids[3])
        #expect(twice == nil, "answered once")
        #expect(answers.handOvers == ["3 accepted: handing over"])
        #expect(requests.waitingHandOvers == 63)
        if case .forwarded = requests.awaitHandOver({ _, _ in }, stopping: false) {} else { Issue.record("room again") }
    }

    @Test func aHandOverWhileStoppingIsRefused() {
        var requests = HeartbeatRequests()
        let admission = requests.awaitHandOver({ _, _ in }, stopping: true)
        #expect(admission == .refused("pulse is stopping"))
        #expect(requests.waitingHandOvers == 0)
    }

    @Test func reconfigurationsAreAnsweredByIdentifier() {
        var requests = HeartbeatRequests()
        let answers = Answers()
        let first = requests.awaitReconfiguration { answers.reconfigurations.append($0) }
        let second = requests.awaitReconfiguration { answers.reconfigurations.append($0) }
        #expect(first != second)
        requests.reconfigured(second)?("deadtime too short")
        requests.reconfigured(first)?(nil)
        let twice = requests.reconfigured(first)
        #expect(twice == nil)
        #expect(answers.reconfigurations == ["deadtime too short", nil])
    }

    @Test func theAnswersToHandOversAndReloads() {
        let status = PulseStatus(failover: failover, settings: settings, heldAddresses: [], lvsd: .init(running: false))
        typealias Response = ControlResponse<PulseStatus>
        #expect(
            Response.handOver(.accepted("the partner takes over"), status: status)
                == Response(
                    ok: true, result: status, message: "the partner takes over"))
        #expect(
            Response.handOver(.refused("the partner's table is not ready"), status: status)
                == .failure(
                    "the partner's table is not ready"))
        #expect(Response.handOver(nil, status: status) == .failure("pulse gave no answer (it is stopping)"))
        #expect(
            Response.reload(.success("reloaded lvs.cf: no change"), status: status)
                == Response(
                    ok: true, result: status, message: "reloaded lvs.cf: no change"))
        #expect(
            Response.reload(.failure(PulseReloadError(reason: "lvs.cf:3:1: error: x")), status: status)
                == .failure(
                    "reload rejected, keeping the running configuration: lvs.cf:3:1: error: x"))
    }
}
