#if canImport(Glibc)
import Glibc
#endif
import LVSTestKit

/// The trials: a crash of the master, a planned hand-over.
extension FailoverBenchmark {
    struct Crash {
        var outage: Duration
        var resumed: Duration
        /// What the crashed master ran.
        var master: LabDaemon
    }

    struct Handover {
        var unanswered: Int
        var requests: Int
        var reasons: String
        var silence: Duration
        var done: Duration
        /// What the master handing over ran.
        var master: LabDaemon
        /// ` (pulse -> keepalived: lvsctl failover on pulse)` in a mixed pair; empty otherwise.
        var how: String
    }

    func crash(_ lab: Lab) throws -> Crash {
        let active = try holder(lab)
        let vip = lab.plan.services[0].vip
        let probe = AvailabilityProbe(
            client: lab.client, address: vip, interval: .milliseconds(20), timeout: .seconds(1))
        probe.start()
        var crashed = ContinuousClock.now
        do {
            try lab.waitForAnswers(probe, after: .now, count: 5, timeout: .seconds(20))
            pause()
            crashed = .now
            try lab.crash(active)
            try lab.wait("the \(active.peer) holding every address", timeout: .seconds(20)) {
                missingAddresses(lab, on: active.peer)
            }
            try lab.waitForAnswers(probe, after: .now, count: 3, timeout: .seconds(20))
        } catch {
            _ = try? probe.stop()
            throw error
        }
        let record = try probe.stop()
        try lab.restart(active)
        // The first request sent after the crash that was answered: only the other director can have.
        let resumed = record.samples.filter { $0.server != nil && $0.started >= crashed }.map(\.finished).min()
        guard let resumed else { throw LabError("no request sent after the crash was answered") }
        return Crash(
            outage: record.longestSilenceDuration, resumed: resumed - crashed, master: lab.director(active).daemon)
    }

    func handOver(_ lab: Lab) throws -> Handover {
        let active = try holder(lab)
        let other = active.peer
        let vip = lab.plan.services[0].vip
        let probe = AvailabilityProbe(
            client: lab.client, address: vip, interval: .milliseconds(20), timeout: .seconds(1))
        probe.start()
        var done = Duration.zero
        var asked = ContinuousClock.now
        do {
            try lab.waitForAnswers(probe, after: .now, count: 5, timeout: .seconds(20))
            pause()
            asked = ContinuousClock.now
            try requestHandOver(lab, from: active)
            try lab.wait("the addresses moved to the \(other)", timeout: .seconds(20)) {
                missingAddresses(lab, on: other)
                    ?? (lab.director(active).holds(vip) ? "the \(active) still holds \(vip)" : nil)
            }
            done = ContinuousClock.now - asked
            usleep(1_000_000)
        } catch {
            _ = try? probe.stop()
            throw error
        }
        let record = try probe.stop()
        if lab.plan.daemon == .keepalived {
            // Priorities back as they were: the new master above the new backup, no move.
            try lab.director(active).reloadKeepalived(
                KeepalivedConfigFile(plan: lab.plan, role: active, priority: 100).text)
            try lab.director(other).reloadKeepalived(
                KeepalivedConfigFile(plan: lab.plan, role: other, priority: 150).text)
        }
        let lost = record.samples.filter { $0.server == nil }.map { sample in
            "\(sample.failure ?? "no answer") (sent \((sample.started - asked).labText), ended \((sample.finished - asked).labText) after the request)"
        }
        let master = lab.director(active).daemon
        return Handover(
            unanswered: record.unanswered, requests: record.answered + record.unanswered,
            reasons: lost.joined(separator: "; "),
            silence: record.longestSilenceDuration, done: done, master: master,
            how: lab.plan.daemon == .pulseWithKeepalived
                ? " (\(master) -> \(lab.director(other).daemon): \(Self.mixedRequest(from: master)))" : "")
    }

    /// The mixed pair's hand-over from a `master` master, as its admin makes it: always on pulse.
    static func mixedRequest(from master: LabDaemon) -> String {
        master == .pulse ? "lvsctl failover on pulse" : "lvsctl takeover on pulse"
    }

    /// Asks for the VIPs to move from `active` to the other director, as an admin would.
    func requestHandOver(_ lab: Lab, from active: LabDirectorRole) throws {
        let other = active.peer
        switch lab.plan.daemon {
        case .pulse:
            let answer = try lab.director(active).requestFailover()
            guard answer.ok else { throw LabError("failover on the \(active) refused: \(answer.message ?? "")") }
        case .keepalived:
            try lab.director(other).reloadKeepalived(
                KeepalivedConfigFile(plan: lab.plan, role: other, priority: 200).text)
        case .pulseWithKeepalived:
            // pulse runs on the primary: it resigns (priority 0, then no preemption) or takes over
            // from keepalived's lower priority. keepalived's file stays as it is.
            if lab.director(active).daemon == .pulse {
                let answer = try lab.director(active).requestFailover()
                guard answer.ok else { throw LabError("failover on pulse refused: \(answer.message ?? "")") }
            } else {
                let answer = try lab.director(other).requestTakeover()
                guard answer.ok else { throw LabError("takeover on pulse refused: \(answer.message ?? "")") }
            }
        }
    }

    /// Mixed pair: hands the VIPs over (unmeasured) until a `wanted` director is master.
    func makeMaster(_ wanted: LabDaemon, _ lab: Lab) throws {
        let active = try holder(lab)
        guard lab.director(active).daemon != wanted else { return }
        try requestHandOver(lab, from: active)
        try lab.wait("the \(active.peer) holding every address", timeout: .seconds(20)) {
            missingAddresses(lab, on: active.peer)
        }
        try settle(lab)
    }
}
