#if canImport(Glibc)
import Glibc
#endif
import LVSTestKit

/// `scripts/bench/failover-e2e`: how long the service goes dark when a director dies, and what a
/// planned hand-over costs, end to end, for pulse and for keepalived in the same run.
///
/// The demo's lab (a client; two directors in NAT; three real servers serving HTTP; two services)
/// runs pulse, then keepalived (``LabDaemon``) with the same timings: pulse's keepalive is
/// keepalived's advert interval and its deadtime three of them (VRRP's master-down interval is
/// three adverts and a skew). The client requests the first VIP every 20 ms, each request given
/// 1 s. For each daemon:
///
/// - crashes: the active director's processes killed and its links cut at one instant, at a random
///   moment of the heartbeat (advert) cycle; the VIP's longest silence around it is the outage;
///   the director is then booted again and the lab left to settle;
/// - planned hand-overs: pulse's manual failover (the request `lvsctl failover` sends, on the
///   control socket); for keepalived the change an admin makes, the standing-by director's
///   priority raised above the master's and keepalived reloaded (SIGHUP), the priorities put back
///   afterwards. Requests left unanswered, the longest silence, and the time until the addresses
///   had moved.
public final class FailoverBenchmark {
    /// What to run.
    public struct Settings: Sendable {
        /// Crash trials per daemon.
        public var crashes = 10
        /// Planned hand-overs per daemon.
        public var handovers = 10
        /// pulse's keepalive and keepalived's advert interval, in seconds as lvs.cf writes it.
        public var keepalive = "0.5"
        /// Which daemons, in order.
        public var daemons: [LabDaemon] = [.pulse, .keepalived]

        /// The defaults: 10 and 10, at 0.5 s.
        public init() {}
    }

    /// One daemon's samples.
    public struct Samples: Sendable {
        /// Per crash: the VIP's longest silence, and when it answered again after the crash.
        public var crashOutages: [Duration] = []
        /// See ``crashOutages``.
        public var crashResumed: [Duration] = []
        /// Per hand-over: requests unanswered, requests made, the longest silence, and the time
        /// from the request until the addresses had moved.
        public var handoverUnanswered: [Int] = []
        /// See ``handoverUnanswered``.
        public var handoverRequests: [Int] = []
        /// See ``handoverUnanswered``.
        public var handoverSilences: [Duration] = []
        /// See ``handoverUnanswered``.
        public var handoverDone: [Duration] = []

        /// No samples yet.
        public init() {}
    }

    let settings: Settings
    let progress: (String) -> Void
    private var phase = SplitMix(seed: 539)

    /// A benchmark with `settings`; `progress` gets a line per trial.
    public init(settings: Settings, progress: @escaping (String) -> Void) {
        self.settings = settings
        self.progress = progress
    }

    /// Runs every daemon's trials; returns the samples by daemon.
    public func run() throws -> [LabDaemon: Samples] {
        var results: [LabDaemon: Samples] = [:]
        for daemon in settings.daemons {
            results[daemon] = try measure(daemon)
        }
        return results
    }

    /// The plan for `daemon`: the demo's lab at the benchmark's timings.
    public func plan(_ daemon: LabDaemon) -> LabPlan {
        var plan = LabPlan.demo(tag: daemon == .pulse ? "bfp" : "bfk")
        plan.daemon = daemon
        plan.keepalive = settings.keepalive
        let keepalive = Double(settings.keepalive) ?? 0.5
        plan.deadtime = String(Double(Int((keepalive * 3 * 1000).rounded())) / 1000)
        return plan
    }

    private func measure(_ daemon: LabDaemon) throws -> Samples {
        let plan = plan(daemon)
        progress("\(daemon): building the lab (keepalive \(plan.keepalive) s, deadtime \(plan.deadtime) s)")
        let lab = try Lab(plan: plan)
        defer { lab.tearDown() }
        try lab.startDirectors()
        var samples = Samples()
        try settle(lab)
        for trial in stride(from: 1, through: settings.crashes, by: 1) {
            let (outage, resumed) = try crash(lab)
            samples.crashOutages.append(outage)
            samples.crashResumed.append(resumed)
            progress(
                "\(daemon) crash \(trial)/\(settings.crashes): VIP unanswered \(outage.labText), answering again \(resumed.labText) after the crash"
            )
            try settle(lab)
        }
        for trial in stride(from: 1, through: settings.handovers, by: 1) {
            let outcome = try handOver(lab)
            samples.handoverUnanswered.append(outcome.unanswered)
            samples.handoverRequests.append(outcome.requests)
            samples.handoverSilences.append(outcome.silence)
            samples.handoverDone.append(outcome.done)
            progress(
                "\(daemon) hand-over \(trial)/\(settings.handovers): addresses moved in \(outcome.done.labText), "
                    + "\(outcome.unanswered) of \(outcome.requests) requests unanswered, longest silence \(outcome.silence.labText)"
                    + (outcome.reasons.isEmpty ? "" : ": \(outcome.reasons)"))
            try settle(lab)
        }
        return samples
    }

    // MARK: - Trials

    private func crash(_ lab: Lab) throws -> (outage: Duration, resumed: Duration) {
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
        return (record.longestSilenceDuration, resumed - crashed)
    }

    private struct Handover {
        var unanswered: Int
        var requests: Int
        var reasons: String
        var silence: Duration
        var done: Duration
    }

    private func handOver(_ lab: Lab) throws -> Handover {
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
            switch lab.plan.daemon {
            case .pulse:
                let answer = try lab.director(active).requestFailover()
                guard answer.ok else { throw LabError("failover on the \(active) refused: \(answer.message ?? "")") }
            case .keepalived:
                try lab.director(other).reloadKeepalived(
                    KeepalivedConfigFile(plan: lab.plan, role: other, priority: 200).text)
            }
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
        return Handover(
            unanswered: record.unanswered, requests: record.answered + record.unanswered,
            reasons: lost.joined(separator: "; "),
            silence: record.longestSilenceDuration, done: done)
    }

    // MARK: - Steady state

    /// Waits until one director holds every address, the other none, both tables hold every real
    /// server, and (pulse) each sees the other's table ready; and it stays so for two seconds
    /// (a returning keepalived primary takes the addresses back).
    private func settle(_ lab: Lab) throws {
        var steadySince: ContinuousClock.Instant?
        try lab.wait("the lab steady", timeout: .seconds(90)) {
            if let problem = unsteady(lab) {
                steadySince = nil
                return problem
            }
            let since = steadySince ?? .now
            steadySince = since
            return ContinuousClock.now - since >= .seconds(2)
                ? nil : "steady for \((ContinuousClock.now - since).labText)"
        }
    }

    private func unsteady(_ lab: Lab) -> String? {
        guard let active = try? holder(lab) else { return "no director holds every address" }
        if let missing = missingAddresses(lab, on: active) { return missing }
        for address in addresses(lab) where lab.director(active.peer).holds(address) {
            return "both directors hold \(address)"
        }
        for role in lab.plan.directors {
            if let missing = lab.missingFromTable(role) { return missing }
        }
        if lab.plan.daemon == .pulse {
            for role in lab.plan.directors {
                guard let status = try? lab.director(role).status() else {
                    return "the \(role)'s pulse does not answer"
                }
                if status.peerTable?.state != "ready" {
                    return "the \(role) sees the other's table \(status.peerTable?.text ?? "-")"
                }
            }
        }
        return nil
    }

    /// Every address the active director holds: the VIPs and `nat_router`.
    private func addresses(_ lab: Lab) -> [String] {
        Array(Set(lab.plan.services.map(\.vip))).sorted() + [LabPlan.natRouter]
    }

    private func missingAddresses(_ lab: Lab, on role: LabDirectorRole) -> String? {
        addresses(lab).first { !lab.director(role).holds($0) }.map { "the \(role) does not hold \($0)" }
    }

    /// The director holding the first VIP.
    private func holder(_ lab: Lab) throws -> LabDirectorRole {
        let vip = lab.plan.services[0].vip
        guard let role = lab.plan.directors.first(where: { lab.director($0).holds(vip) }) else {
            throw LabError("no director holds \(vip)")
        }
        return role
    }

    // MARK: - Helpers

    /// A pause of a random part of one keepalive, so faults land anywhere in the heartbeat cycle.
    private func pause() {
        let keepalive = Double(settings.keepalive) ?? 0.5
        usleep(UInt32(phase.nextUnit() * keepalive * 1_000_000))
    }
}

/// A small seeded generator, so a run's fault moments can be repeated.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The next number in [0, 1).
    mutating func nextUnit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
