#if canImport(Glibc)
import Glibc
#endif
import LVSTestKit

/// `scripts/bench/failover-e2e`: how long the service goes dark when a director dies, and what a
/// planned hand-over costs, end to end, for pulse, for keepalived and for a mixed pair in the same
/// run.
///
/// The demo's lab (a client; two directors in NAT; three real servers serving HTTP; two services)
/// runs pulse, then keepalived, then pulse on the primary speaking VRRP beside keepalived on the
/// backup (``LabDaemon``), with the same timings: pulse's keepalive is keepalived's advert
/// interval (and the mixed pair's `vrrp_advert_interval`) and its deadtime three of them (VRRP's
/// master-down interval is three adverts and a skew). The client requests the first VIP every
/// 20 ms, each request given 1 s. For each daemon:
///
/// - crashes: the active director's processes killed and its links cut at one instant, at a random
///   moment of the heartbeat (advert) cycle; the VIP's longest silence around it is the outage;
///   the director is then booted again and the lab left to settle. The mixed pair's pulse
///   preempts keepalived, so its trials alternate on purpose: odd ones crash the pulse master,
///   even ones the keepalived master, which pulse hands the VIPs to first (unmeasured);
/// - planned hand-overs: pulse's manual failover (the request `lvsctl failover` sends, on the
///   control socket); for keepalived the change an admin makes, the standing-by director's
///   priority raised above the master's and keepalived reloaded (SIGHUP), the priorities put back
///   afterwards; for the mixed pair both ways from pulse, as its admin would: `lvsctl failover`
///   while pulse is master (it advertises priority 0 and stays backup), `lvsctl takeover` while
///   keepalived is. Requests left unanswered, the longest silence, and the time until the
///   addresses had moved.
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

        /// The defaults: 10 and 10, at 0.5 s, the pulse pair and the keepalived pair.
        public init() {}
    }

    /// One daemon's samples.
    public struct Samples: Sendable {
        /// Per crash: the VIP's longest silence, and when it answered again after the crash.
        public var crashOutages: [Duration] = []
        /// See ``crashOutages``.
        public var crashResumed: [Duration] = []
        /// Per crash: what the crashed master ran (pulse or keepalived; both in a mixed pair).
        public var crashedMasters: [LabDaemon] = []
        /// Per hand-over: requests unanswered, requests made, the longest silence, and the time
        /// from the request until the addresses had moved.
        public var handoverUnanswered: [Int] = []
        /// See ``handoverUnanswered``.
        public var handoverRequests: [Int] = []
        /// See ``handoverUnanswered``.
        public var handoverSilences: [Duration] = []
        /// See ``handoverUnanswered``.
        public var handoverDone: [Duration] = []
        /// Per hand-over: what the master handing over ran.
        public var handoverMasters: [LabDaemon] = []

        /// No samples yet.
        public init() {}
    }

    let settings: Settings
    let progress: (String) -> Void
    var phase = SplitMix(seed: 539)

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
        let tags: [LabDaemon: String] = [.pulse: "bfp", .keepalived: "bfk", .pulseWithKeepalived: "bfm"]
        var plan = LabPlan.demo(tag: tags[daemon] ?? "bf")
        plan.daemon = daemon
        plan.keepalive = settings.keepalive
        // VRRP carries no key; its lvs.cf names none.
        plan.heartbeatKey = !daemon.pulseSpeaksVRRP
        let keepalive = Double(settings.keepalive) ?? 0.5
        plan.deadtime = String(Double(Int((keepalive * 3 * 1000).rounded())) / 1000)
        return plan
    }

    private func measure(_ daemon: LabDaemon) throws -> Samples {
        let plan = plan(daemon)
        progress(
            "\(daemon): building the lab ("
                + (daemon.pulseSpeaksVRRP
                    ? "pulse VRRPv3 on the primary, vrrp_advert_interval \(plan.advertIntervalCentiseconds) cs, "
                        + "priority \(KeepalivedConfigFile.defaultPriority(of: .primary)); keepalived on the backup, "
                        + "priority \(KeepalivedConfigFile.defaultPriority(of: .backup))"
                    : "keepalive \(plan.keepalive) s, deadtime \(plan.deadtime) s")
                + ")")
        let lab = try Lab(plan: plan)
        defer { lab.tearDown() }
        try lab.startDirectors()
        var samples = Samples()
        try settle(lab)
        for trial in stride(from: 1, through: settings.crashes, by: 1) {
            if daemon == .pulseWithKeepalived {
                try makeMaster(trial % 2 == 1 ? .pulse : .keepalived, lab)
            }
            let outcome = try crash(lab)
            samples.crashOutages.append(outcome.outage)
            samples.crashResumed.append(outcome.resumed)
            samples.crashedMasters.append(outcome.master)
            progress(
                "\(daemon) crash \(trial)/\(settings.crashes)\(mixed(daemon, outcome.master)): VIP unanswered "
                    + "\(outcome.outage.labText), answering again \(outcome.resumed.labText) after the crash")
            try settle(lab)
        }
        for trial in stride(from: 1, through: settings.handovers, by: 1) {
            let outcome = try handOver(lab)
            samples.handoverUnanswered.append(outcome.unanswered)
            samples.handoverRequests.append(outcome.requests)
            samples.handoverSilences.append(outcome.silence)
            samples.handoverDone.append(outcome.done)
            samples.handoverMasters.append(outcome.master)
            progress(
                "\(daemon) hand-over \(trial)/\(settings.handovers)\(outcome.how): addresses moved in "
                    + "\(outcome.done.labText), \(outcome.unanswered) of \(outcome.requests) requests unanswered, "
                    + "longest silence \(outcome.silence.labText)"
                    + (outcome.reasons.isEmpty ? "" : ": \(outcome.reasons)"))
            try settle(lab)
        }
        if daemon.pulseSpeaksVRRP { progress("\(daemon): \(vrrpReport(lab))") }
        return samples
    }

    /// ` (the pulse master)` in a mixed pair's trial line; nothing for the others.
    private func mixed(_ daemon: LabDaemon, _ master: LabDaemon) -> String {
        daemon == .pulseWithKeepalived ? " (the \(master) master)" : ""
    }

    /// pulse's view of the virtual router at the end of a mixed pair's trials, and the
    /// advertisements it dropped (its log's lines), so that a run shows whether the two agreed.
    private func vrrpReport(_ lab: Lab) -> String {
        let pulse = lab.director(.primary)
        let status = (try? pulse.status()).flatMap(\.vrrp).map(\.text) ?? "no VRRP status"
        let drops = pulse.log.split(separator: "\n").filter { $0.contains("dropping VRRP advertisement") }
        return "pulse's virtual router: \(status); \(drops.count) log lines on dropped advertisements"
            + (drops.isEmpty ? "" : " (last: \(drops.last.map(String.init) ?? ""))")
    }

    /// A pause of a random part of one keepalive, so faults land anywhere in the heartbeat cycle.
    func pause() {
        let keepalive = Double(settings.keepalive) ?? 0.5
        usleep(UInt32(phase.nextUnit() * keepalive * 1_000_000))
    }
}
