#if canImport(Glibc)
import Glibc
#endif
import LVSTestKit

/// The demo: the whole suite on real traffic, in six steps, each stating what should happen and
/// checking that it did, with the times measured. `lvslab demo` (run by `scripts/demo`) prints
/// it; the kernel tests run the same scenario and assert its report.
///
/// 1. `lvsctl status` on both directors;
/// 2. client requests spread over the real servers as the schedulers say;
/// 3. a real server stopped leaves the table and traffic goes on; restarted, it returns after `reentry`;
/// 4. the primary crashes: the backup takes over; how long the VIP went unanswered;
/// 5. the primary comes back: it stays backup;
/// 6. `lvsctl failover`: the VIPs move back; the gap measured.
///
/// A step that fails ends the demo (the later ones would build on it); the report then carries
/// the directors' last log lines.
public final class DemoScenario {
    /// The lab's plan.
    public let plan: LabPlan
    /// The bounds each step is held to, with the emulated guest's slowness in mind.
    public let limits: DemoLimits
    let narrate: (NarrationLine) -> Void
    var began = ContinuousClock.now
    var lab: Lab!

    /// A scenario on `plan` (the demo's unless a test gives another tag), narrating to `narrate`.
    public init(plan: LabPlan = .demo(), limits: DemoLimits? = nil, narrate: @escaping (NarrationLine) -> Void) {
        self.plan = plan
        self.limits = limits ?? DemoLimits(plan: plan)
        self.narrate = narrate
    }

    /// Runs the demo: builds the lab, runs the steps, takes the lab down. Never throws: every
    /// problem is in the report.
    public func run() -> DemoReport {
        began = .now
        say(
            .title,
            "LVSRouter demo: two directors, three real servers and a client, on the real IPVS of Linux \(Self.kernelRelease)"
        )
        var report = DemoReport(steps: [], duration: .zero)
        do {
            report.setUpTime = try setUp()
        } catch {
            report.setUpProblem = "\(error)"
            say(.failed, "FAILED: the lab did not come up: \(error)")
        }
        if report.setUpProblem == nil {
            let steps: [(String, (inout DemoStepResult) throws -> Void)] = [
                ("lvsctl status on both directors", statusOnBoth),
                ("client requests, spread as the schedulers say", spreadOverServers),
                ("a real server stops, then comes back", realServerStopsAndReturns),
                ("the primary dies; the backup takes over", primaryDies),
                ("the primary comes back and stays backup", primaryReturns),
                ("manual failover with lvsctl failover", manualFailover),
            ]
            for (index, (title, body)) in steps.enumerated() {
                let result = runStep(index + 1, title, body)
                report.steps.append(result)
                if !result.passed { break }
            }
            if !report.passed, lab != nil {
                say(.detail, "What the directors logged last:")
                for line in lab.logExcerpt(lines: 30).split(separator: "\n") { say(.detail, String(line)) }
            }
            if let problem = takeDown() { report.setUpProblem = problem }
        }
        lab?.tearDown()
        lab = nil
        report.duration = ContinuousClock.now - began
        if report.duration > limits.whole {
            report.overTime = "the demo took \(report.duration.labText), more than \(limits.whole.labText)"
        }
        summarize(report)
        return report
    }

    // MARK: - Set-up and take-down

    private func setUp() throws -> Duration {
        let hosts = 1 + plan.directors.count + plan.realServerCount
        say(
            .action,
            "Building the lab: \(hosts) hosts (network namespaces) on \(NetworkTopology(plan: plan).bridges.count) bridges"
        )
        lab = try Lab(plan: plan)
        let servers = plan.realServers.map { "\($0) \(plan.address(of: $0))" }.joined(separator: ", ")
        let vips = plan.services.map { "\($0.vip) (\($0.name))" }.joined(separator: ", ")
        say(
            .detail,
            "public 10.0.0.0/24: client \(LabPlan.clientAddress), primary \(LabDirectorRole.primary.publicAddress), backup \(LabDirectorRole.backup.publicAddress); VIPs \(vips)"
        )
        say(.detail, "private 10.0.9.0/24: heartbeats between the directors")
        say(
            .detail,
            "servers 10.0.1.0/24: \(servers), each running busybox httpd with a page that names it; their gateway is nat_router \(LabPlan.natRouter), held by the active director"
        )
        say(
            .action,
            "lvs.cf (one file, both directors): NAT; keepalive \(plan.keepalive) s, deadtime \(plan.deadtime) s, heartbeats signed with a key; checks every \(plan.checkInterval) s, reentry \(plan.reentry) s"
        )
        for service in plan.services {
            say(.detail, "\(service.summary) over \(service.activeServers.joined(separator: " "))")
        }
        say(
            .action,
            "Starting pulse on both directors, each in a network and a mount namespace of its own (its own /run/pulse and /run/lvsd), in the foreground"
        )
        let started = ContinuousClock.now
        try lab.startDirectors()
        let serving = try lab.waitUntilServing(.primary, timeout: limits.startUp)
        let members = plan.services.reduce(0) { $0 + $1.activeServers.count }
        say(
            .passed,
            "The primary is active and its lvsd has put \(members) real servers in the kernel's table, \(serving.labText) after pulse started; the backup stands by"
        )
        if plan.directors.contains(.backup) {
            // A real server whose first check on the backup failed (a slow start on an emulated
            // machine) comes back only after reentry; the steps start from a full standby table.
            _ = try lab.wait("the backup's own table holding every real server", timeout: limits.startUp) {
                lab.missingFromTable(.backup)
            }
            say(
                .passed,
                "The backup's own table holds the same \(members) real servers, \((ContinuousClock.now - started).labText) after pulse started"
            )
        }
        return ContinuousClock.now - started
    }

    /// Stops both pulses the way init would (SIGTERM); returns a problem if one does not exit 0.
    private func takeDown() -> String? {
        guard let lab else { return nil }
        say(.action, "Stopping pulse on both directors (SIGTERM)")
        var problems: [String] = []
        for role in plan.directors where lab.director(role).isRunning {
            do {
                let result = try lab.director(role).stop()
                if let result, result.exitCode != 0 {
                    problems.append("pulse on the \(role) exited with \(result.status)")
                }
            } catch {
                problems.append("\(error)")
            }
        }
        if problems.isEmpty {
            say(.passed, "Both pulses released their VIPs, stopped lvsd and exited 0")
            return nil
        }
        for problem in problems { say(.failed, "FAILED: \(problem)") }
        return problems.joined(separator: "; ")
    }

    private func runStep(_ number: Int, _ title: String, _ body: (inout DemoStepResult) throws -> Void)
        -> DemoStepResult
    {
        say(.step, "Step \(number) of \(DemoReport.stepCount): \(title)")
        var result = DemoStepResult(number: number, title: title, problems: [], confirmed: [], figures: [])
        let started = ContinuousClock.now
        do {
            try body(&result)
        } catch {
            result.problems.append("\(error)")
            say(.failed, "FAILED: \(error)")
        }
        result.figures.append(DemoFigure("step \(number) took", ContinuousClock.now - started))
        return result
    }

    private func summarize(_ report: DemoReport) {
        say(.summary, "")
        if report.passed {
            say(
                .summary,
                "All \(DemoReport.stepCount) steps behaved as stated. The demo took \(report.duration.labText).")
        } else {
            let failed = report.steps.first { !$0.passed }.map {
                "step \($0.number) (\($0.title)) did not behave as stated"
            }
            let why = report.setUpProblem ?? failed ?? report.overTime ?? "it did not finish"
            say(.summary, "The demo FAILED: \(why). It ran \(report.duration.labText).")
        }
        say(.summary, "Figures:")
        for figure in report.figures { say(.summary, "  \(figure.name): \(figure.value.labText)") }
    }

    // MARK: - Saying and checking

    func say(_ kind: NarrationLine.Kind, _ text: String) {
        narrate(NarrationLine(kind: kind, text: text, elapsed: ContinuousClock.now - began))
    }

    /// Records and says whether `statement` held.
    func check(
        _ step: inout DemoStepResult, _ holds: Bool, _ statement: String,
        otherwise detail: @autoclosure () -> String = ""
    ) {
        if holds {
            step.confirmed.append(statement)
            say(.passed, "ok: " + statement)
        } else {
            let detail = detail()
            let text = detail.isEmpty ? statement : "\(statement): \(detail)"
            step.problems.append(text)
            say(.failed, "FAILED: " + text)
        }
    }

    /// The running kernel's release (`uname -r`).
    static var kernelRelease: String {
        var names = utsname()
        guard uname(&names) == 0 else { return "?" }
        return withUnsafeBytes(of: names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
