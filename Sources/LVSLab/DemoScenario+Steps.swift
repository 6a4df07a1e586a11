#if canImport(Glibc)
import Glibc
#endif
import Control

extension DemoScenario {
    // MARK: 1

    func statusOnBoth(_ step: inout DemoStepResult) throws {
        for role in plan.directors {
            say(.action, "On the \(role): lvsctl status")
            let result = try lab.director(role).lvsctl(["status"])
            for line in (result.output + result.error).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast()
            {
                say(.detail, "  | " + line)
            }
            check(&step, result.exitCode == 0, "lvsctl status on the \(role) exits 0", otherwise: "\(result.status)")
        }
        let primary = try lab.director(.primary).status()
        let backup = try lab.director(.backup).status()
        let wanted = Array(Set(plan.services.map(\.vip))).sorted() + [LabPlan.natRouter]
        let held = wanted.filter { address in primary.virtualAddresses.contains { $0.hasPrefix(address + "/") } }
        check(
            &step, primary.state == .active && held == wanted,
            "the primary is active and holds \(wanted.dropLast().joined(separator: " and ")) and nat_router \(LabPlan.natRouter)",
            otherwise: "\(primary.failoverState ?? primary.state.rawValue), holding \(primary.virtualAddresses)")
        check(
            &step, backup.state == .inactive && backup.virtualAddresses.isEmpty && backup.peerState == .active,
            "the backup stands by, holds no address, and sees the primary active",
            otherwise:
                "\(backup.failoverState ?? backup.state.rawValue), holding \(backup.virtualAddresses), peer \(backup.peerState)"
        )
        let expected = plan.services.reduce(0) { $0 + $1.activeServers.count }
        for role in plan.directors {
            let servers = try lab.director(role).lvsdStatus().services.flatMap(\.realServers)
            check(
                &step, servers.count == expected && servers.allSatisfy { $0.health == .up },
                "lvsd on the \(role) reports all \(expected) real servers up\(role == .backup ? " (warm standby: it checks them while it stands by)" : "")",
                otherwise: servers.map { "\($0.name) \($0.health)" }.joined(separator: ", "))
        }
        let tables = plan.directors.map { lab.missingFromTable($0) }
        check(
            &step, tables.allSatisfy { $0 == nil },
            "both directors' IPVS tables hold every service with its real servers; only the primary holds the addresses",
            otherwise: tables.compactMap { $0 }.joined(separator: "; "))
        check(
            &step, primary.peerTable?.state == "ready" && backup.peerTable?.state == "ready",
            "each director's heartbeats tell the other its table is ready",
            otherwise:
                "the primary sees the backup's table \(primary.peerTable?.text ?? "-"), the backup sees the primary's \(backup.peerTable?.text ?? "-")"
        )
    }

    // MARK: 2

    func spreadOverServers(_ step: inout DemoStepResult) throws {
        let web = lab.service("web")
        let everyone = plan.realServers
        let webAnswers = try lab.client.servers(answering: web.vip, count: 3 * everyone.count)
        say(
            .detail,
            "web, \(webAnswers.count) requests to http://\(web.vip)/ answered by: \(webAnswers.joined(separator: " "))")
        check(
            &step, RequestSpread.isRoundRobin(webAnswers, over: everyone),
            "round robin: each of the \(everyone.count) real servers answered in turn, 3 times each",
            otherwise: RequestSpread.counts(webAnswers))
        let app = lab.service("app")
        let appAnswers = try lab.client.servers(answering: app.vip, count: 6)
        say(
            .detail,
            "app, \(appAnswers.count) requests to http://\(app.vip)/ answered by: \(appAnswers.joined(separator: " "))")
        let sticky = RequestSpread.stickyServer(appAnswers)
        check(
            &step, sticky != nil,
            "persistence: one real server (\(sticky ?? "-")) answered every request of this client",
            otherwise: RequestSpread.counts(appAnswers))
    }

    // MARK: 3

    func realServerStopsAndReturns(_ step: inout DemoStepResult) throws {
        let web = lab.service("web")
        let app = lab.service("app")
        let director = lab.director(.primary)
        let services = [web, app]
        let victim = try lab.client.servers(answering: app.vip, count: 1)[0]
        let others = plan.realServers.filter { $0 != victim }
        let inBoth: (Bool) -> String? = { [plan] wanted in
            for service in services {
                let members = try? director.tableMembers(of: service, plan: plan)
                if (members?.contains(victim) ?? false) != wanted {
                    return "\(service.name) in the table: \(members.map { $0.joined(separator: " ") } ?? "absent")"
                }
            }
            return nil
        }

        say(.action, "Stopping the HTTP server of \(victim) (the one app's client sticks to)")
        lab.server(victim).stopHTTP()
        let gone = try lab.wait("\(victim) out of the table", timeout: limits.serverLeaves + .seconds(10)) {
            inBoth(false)
        }
        step.figures.append(DemoFigure("stopped real server out of the table", gone))
        check(
            &step, gone <= limits.serverLeaves,
            "\(victim) left the table of both services \(gone.labText) after it stopped (checks every \(plan.checkInterval) s)",
            otherwise: "more than \(limits.serverLeaves.labText)")
        let webAnswers = try lab.client.servers(answering: web.vip, count: 3 * others.count)
        say(.detail, "web, \(webAnswers.count) requests answered by: \(webAnswers.joined(separator: " "))")
        check(
            &step, RequestSpread.isRoundRobin(webAnswers, over: others),
            "traffic goes on: every request answered, by \(others.joined(separator: " and ")) in turn",
            otherwise: RequestSpread.counts(webAnswers))
        let appAnswers = try lab.client.servers(answering: app.vip, count: 3)
        say(.detail, "app, \(appAnswers.count) requests answered by: \(appAnswers.joined(separator: " "))")
        let moved = RequestSpread.stickyServer(appAnswers)
        check(
            &step, moved != nil && moved != victim, "app's client moved to \(moved ?? "-"), and sticks there",
            otherwise: RequestSpread.counts(appAnswers))

        say(.action, "Starting the HTTP server of \(victim) again")
        let restarted = ContinuousClock.now
        try lab.server(victim).startHTTP()
        try lab.wait("\(victim) back in the table", timeout: limits.serverReturns + .seconds(10)) { inBoth(true) }
        let back = ContinuousClock.now - restarted
        step.figures.append(DemoFigure("restarted real server back in the table", back))
        check(
            &step, back >= .seconds(plan.reentry) && back <= limits.serverReturns,
            "\(victim) is back in both services \(back.labText) after it restarted: after reentry (\(plan.reentry) s), not sooner",
            otherwise: "expected between \(plan.reentry) s and \(limits.serverReturns.labText)")
        let again = try lab.client.servers(answering: web.vip, count: 3 * plan.realServers.count)
        say(.detail, "web, \(again.count) requests answered by: \(again.joined(separator: " "))")
        check(
            &step, RequestSpread.isRoundRobin(again, over: plan.realServers),
            "\(victim) takes its turn again", otherwise: RequestSpread.counts(again))
    }

    // MARK: 4

    func primaryDies(_ step: inout DemoStepResult) throws {
        let web = lab.service("web")
        let backup = lab.director(.backup)
        // The backup's nannies check on their own phase: the server step 3 restarted may come back
        // there up to a check interval after it came back on the primary.
        _ = try? lab.wait("the backup's table complete", timeout: .seconds(plan.checkInterval) + .seconds(2)) {
            lab.missingFromTable(.backup)
        }
        let warm = lab.missingFromTable(.backup)
        check(
            &step, warm == nil,
            "before the crash the backup's own table already holds every real server: its lvsd and nannies run while it stands by",
            otherwise: warm ?? "")
        let backupLVSD = try backup.status().lvsd?.pid
        say(.action, "Probing http://\(web.vip)/ from the client: a request every 50 ms, each given 1 s")
        var crashed = ContinuousClock.now
        var cut = crashed
        var takeover = Duration.zero
        var resumed = Duration.zero
        let record = try probing(web.vip, timeout: .seconds(1)) { probe in
            try lab.waitForAnswers(probe, after: .now, count: 5)
            say(
                .action,
                "Crashing the primary: pulse, lvsd and the nannies killed at once, its links cut, its namespace and IPVS table gone"
            )
            crashed = .now
            try lab.crash(.primary)
            cut = .now
            try lab.wait("the backup active", timeout: limits.takeover + .seconds(10)) {
                guard let status = try? backup.status() else { return "the backup's pulse does not answer" }
                return status.state == .active ? nil : "the backup is \(status.failoverState ?? status.state.rawValue)"
            }
            takeover = ContinuousClock.now - crashed
            let answer = try lab.waitForAnswers(probe, after: cut, count: 1, timeout: limits.crashOutage + .seconds(10))
            resumed = answer - crashed
            try lab.waitUntilServing(.backup, timeout: limits.tableFill)
            usleep(300_000)
        }
        let silence = record.longestSilenceDuration
        step.figures += [
            DemoFigure("takeover after the primary crashed", takeover),
            DemoFigure("VIP answering again after the crash", resumed),
            DemoFigure("VIP unanswered (primary crash)", silence),
        ]
        check(
            &step, takeover <= limits.takeover,
            "the backup took over \(takeover.labText) after the crash (deadtime \(plan.deadtime) s)",
            otherwise: "more than \(limits.takeover.labText)")
        check(
            &step, resumed <= limits.crashOutage,
            "the VIP answered again \(resumed.labText) after the crash, within deadtime + 0.5 s: the takeover only moved "
                + "the addresses; it went unanswered for \(silence.labText) (\(record.unanswered) of "
                + "\(record.answered + record.unanswered) requests got no answer)",
            otherwise: "more than \(limits.crashOutage.labText)")
        let after = try backup.status().lvsd?.pid
        check(
            &step, backupLVSD != nil && after == backupLVSD,
            "the backup's lvsd was neither stopped nor restarted (PID \(backupLVSD.map(String.init) ?? "-") throughout)",
            otherwise: "PID \(backupLVSD.map(String.init) ?? "none") before, \(after.map(String.init) ?? "none") after")
    }

    // MARK: 5

    func primaryReturns(_ step: inout DemoStepResult) throws {
        let web = lab.service("web")
        let primary = lab.director(.primary)
        let backup = lab.director(.backup)
        say(.action, "Probing http://\(web.vip)/ again (each request given 2 s)")
        var standing = Duration.zero
        var violations: [String] = []
        let hold = plan.deadtimeDuration + .seconds(1)
        let record = try probing(web.vip, timeout: .seconds(2)) { probe in
            try lab.waitForAnswers(probe, after: .now, count: 3)
            say(
                .action,
                "Booting the primary again: a fresh host (no VIPs, empty IPVS table, empty /run) on the same networks, then pulse"
            )
            let booted = ContinuousClock.now
            try lab.restart(.primary)
            try lab.wait("the primary standing by", timeout: limits.standBy) {
                guard let status = try? primary.status() else { return "the primary's pulse does not answer yet" }
                if status.state == .inactive, status.peerState == .active, status.failoverState != "listening" {
                    return nil
                }
                return "the primary is \(status.failoverState ?? status.state.rawValue), its peer \(status.peerState)"
            }
            standing = ContinuousClock.now - booted
            let until = ContinuousClock.now + hold
            while ContinuousClock.now < until {
                if let status = try? primary.status() {
                    if status.state != .inactive || !status.virtualAddresses.isEmpty {
                        violations.append(
                            "the primary was \(status.failoverState ?? status.state.rawValue) holding \(status.virtualAddresses)"
                        )
                    }
                } else {
                    violations.append("the primary's pulse did not answer")
                }
                if (try? backup.status())?.state != .active { violations.append("the backup was not active") }
                usleep(100_000)
            }
        }
        step.figures.append(DemoFigure("rebooted primary standing by", standing))
        check(
            &step, true,
            "the primary stands by, \(standing.labText) after it booted: inactive, seeing the backup active")
        check(
            &step, violations.isEmpty,
            "\(hold.labText) later it still stands by with no VIP, and the backup still serves: no preemption",
            otherwise: Array(Set(violations)).sorted().joined(separator: "; "))
        check(
            &step, record.unanswered == 0 && record.answered > 0,
            "traffic was not disturbed: \(record.answered) requests, all answered (longest silence \(record.longestSilenceDuration.labText))",
            otherwise:
                "\(record.unanswered) unanswered: \(record.failureReasons.prefix(3).map { "\($0.reason) ×\($0.count)" }.joined(separator: ", "))"
        )
    }

    // MARK: 6

    func manualFailover(_ step: inout DemoStepResult) throws {
        let web = lab.service("web")
        let primary = lab.director(.primary)
        let backup = lab.director(.backup)
        let ready = try lab.wait(
            "the primary's table ready, as its heartbeats tell the backup", timeout: limits.tableFill
        ) {
            guard let status = try? backup.status() else { return "the backup's pulse does not answer" }
            return status.peerTable?.state == "ready"
                ? nil : "the primary's table: \(status.peerTable?.text ?? "not heard of")"
        }
        say(
            .detail,
            "The primary's table is ready (every real server checked once), as its heartbeats say (waited \(ready.labText))"
        )
        let backupLVSD = try backup.status().lvsd?.pid
        say(.action, "Probing http://\(web.vip)/ from the client: a request every 50 ms, each given 1 s")
        var switched = Duration.zero
        var moveWindow: ClosedRange<ContinuousClock.Instant>?
        var commandTook = Duration.zero
        var output: CommandOutcome?
        let record = try probing(web.vip, timeout: .seconds(1)) { probe in
            try lab.waitForAnswers(probe, after: .now, count: 5)
            say(.action, "On the backup (the active director): lvsctl failover")
            let started = ContinuousClock.now
            let command = try backup.startLVSCtl(["failover"])
            // The hand-over is timed from the last moment the backup was seen plainly active (the
            // request had not reached it yet): lvsctl's own start is not part of it. Looked at
            // every 100 ms meanwhile (each status costs pulse, which runs real-time, CPU that
            // lvsctl's start on the guest's one CPU would wait for); the figure is that much high
            // at most.
            var lastActive = started
            try lab.wait("the request on the backup", timeout: .seconds(30)) {
                guard let b = try? backup.status() else { return "the backup's pulse does not answer" }
                guard b.failoverState == "active" else { return nil }
                lastActive = ContinuousClock.now
                usleep(100_000)
                return "not yet"
            }
            try lab.wait("the primary active and the backup inactive", timeout: limits.manualFailover + .seconds(20)) {
                guard let p = try? primary.status(), let b = try? backup.status() else {
                    return "a pulse does not answer"
                }
                if b.failoverState == "active" { lastActive = ContinuousClock.now }
                if p.state == .active, b.state == .inactive, b.virtualAddresses.isEmpty { return nil }
                return
                    "primary \(p.failoverState ?? p.state.rawValue), backup \(b.failoverState ?? b.state.rawValue) holding \(b.virtualAddresses)"
            }
            let seenMoved = ContinuousClock.now
            switched = seenMoved - lastActive
            moveWindow = lastActive...seenMoved
            let result = try command.wait(timeout: .seconds(30))
            commandTook = ContinuousClock.now - started
            output = CommandOutcome(status: result.exitCode, text: result.output + result.error)
            for line in (result.output + result.error).split(separator: "\n") { say(.detail, "  | " + line) }
            try lab.waitUntilServing(.primary, timeout: limits.tableFill)
            try lab.waitForAnswers(probe, after: .now, count: 5, timeout: limits.answersAfterTable + .seconds(10))
        }
        let silence = record.longestSilenceDuration
        step.figures += [
            DemoFigure("manual failover done", switched),
            DemoFigure("lvsctl failover ran", commandTook),
            DemoFigure("VIP unanswered (manual failover)", silence),
        ]
        check(
            &step, output?.status == 0 && commandTook <= limits.lvsctlRun,
            "lvsctl failover exits 0 after \(commandTook.labText) (most of it starting a Swift program under emulation)",
            otherwise: "status \(output?.status ?? -1) after \(commandTook.labText): \(output?.text ?? "")")
        check(
            &step, switched <= limits.manualFailover,
            "the VIPs moved to the primary's ready table \(switched.labText) after the request reached the backup: the "
                + "primary active, the backup inactive with no address",
            otherwise: "more than \(limits.manualFailover.labText)")
        // A lost request must have been in flight while the addresses moved: sent before the
        // move was seen, and still waiting after the backup was last seen active.
        let lostElsewhere = record.samples.filter { sample in
            guard sample.server == nil else { return false }
            guard let window = moveWindow else { return true }
            return sample.started > window.upperBound || sample.finished < window.lowerBound
        }
        let lost = record.unanswered == 0 ? "none" : "\(record.unanswered), caught in flight as the addresses moved"
        check(
            &step,
            record.unanswered <= limits.plannedUnanswered && lostElsewhere.isEmpty && record.answered > 0
                && silence < .seconds(1),
            "the VIP kept answering: \(record.answered + record.unanswered) requests, unanswered \(lost); longest silence "
                + silence.labText,
            otherwise: "\(record.unanswered) of \(record.answered + record.unanswered) requests got no answer, "
                + "\(lostElsewhere.count) of them not in flight while the addresses moved (longest silence \(silence.labText)): "
                + record.failureReasons.prefix(3).map { "\($0.reason) ×\($0.count)" }.joined(separator: ", "))
        if record.unanswered > 0 {
            say(
                .detail,
                "(A request in flight when the addresses move is lost: its next packet reaches the new director, "
                    + "which never saw its connection. NAT keeps a connection's state on the director that opened it.)")
        }
        let after = try backup.status().lvsd?.pid
        let table = lab.missingFromTable(.backup)
        check(
            &step, after == backupLVSD && table == nil,
            "the backup keeps its lvsd (PID \(after.map(String.init) ?? "-")) and its table, ready for the next failover",
            otherwise:
                "lvsd PID \(backupLVSD.map(String.init) ?? "none") before, \(after.map(String.init) ?? "none") after; \(table ?? "table complete")"
        )
    }

    // MARK: - Probing

    /// Runs `body` while a probe of `address` runs; returns what the probe saw.
    func probing(_ address: String, timeout: Duration, _ body: (AvailabilityProbe) throws -> Void) throws -> ProbeRecord
    {
        let probe = AvailabilityProbe(client: lab.client, address: address, timeout: timeout)
        probe.start()
        do {
            try body(probe)
        } catch {
            _ = try? probe.stop()
            throw error
        }
        return try probe.stop()
    }
}

/// A command's exit status and output, kept for a later check.
private struct CommandOutcome {
    var status: Int32
    var text: String
}
