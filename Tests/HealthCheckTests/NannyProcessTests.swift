import DaemonSupport
import Glibc
import HealthCheck
import Testing

/// nanny as a process, the way lvsd runs it: reports over an inherited socketpair, syslog lines,
/// signals, exit. Real loopback servers; short intervals to keep the tests quick.
@Suite(.serialized) struct NannyProcessTests {
    let ok = bytes("HTTP/1.0 200 OK\r\n\r\n")

    func isUp(_ report: NannyReport) -> Bool { if case .up = report { true } else { false } }
    func isDown(_ report: NannyReport) -> Bool { if case .down = report { true } else { false } }
    func isCheck(_ report: NannyReport) -> Bool { if case .check = report { true } else { false } }

    @Test func serverUpDownAndBackAfterReentryThenLvsdGoes() throws {
        let harness = try CheckHarness()
        var server = try LoopbackTCPServer(loop: harness.loop, behaviour: .reply(ok))
        let port = server.port
        let nanny = try NannyProcess(
            harness,
            arguments: [
                "-h", "127.0.0.1", "-p", "\(port)", "-x", "HTTP", "-t", "0.2", "-a", "0.6", "-w", "8", "--slow-start",
                "0",
            ])
        defer { nanny.stop(); server.stop() }

        let up = try #require(nanny.waitForReport(where: isUp), "no UP; reports: \(nanny.reportList)")
        #expect(
            nanny.reportList[up]
                == .up(weight: 8, reason: "check passed: 127.0.0.1:\(port) replied \"HTTP/1.0 200 OK\\r\\n\\r\\n\""))
        #expect(
            nanny.reportList[up - 1] == .check(.passed("127.0.0.1:\(port) replied \"HTTP/1.0 200 OK\\r\\n\\r\\n\"")))

        server.stop()
        let down = try #require(nanny.waitForReport(after: up, where: isDown))
        #expect(nanny.reportList[down] == .down(reason: "connect to 127.0.0.1:\(port): Connection refused"))

        server = try LoopbackTCPServer(loop: harness.loop, port: port, behaviour: .reply(ok))
        let firstPass = try #require(
            nanny.waitForReport(after: down) {
                $0 == .check(.passed("127.0.0.1:\(port) replied \"HTTP/1.0 200 OK\\r\\n\\r\\n\""))
            })
        let back = try #require(nanny.waitForReport(after: down, where: isUp))
        // Reentry: 0.6 s of passing checks before it is up again.
        let waited = nanny.reports[back].at - nanny.reports[firstPass].at
        #expect(waited >= .milliseconds(450), "back up after only \(waited)")
        guard case .up(8, let reason) = nanny.reportList[back] else {
            Issue.record("bad UP \(nanny.reportList[back])"); return
        }
        #expect(reason.hasPrefix("passed checks for 0."))

        let active = try #require(nanny.waitForLog(containing: "[ active ]"))
        #expect(active.hasPrefix("<29>"))
        #expect(active.hasSuffix(" nanny[\(nanny.pid)]: [ active ] making 127.0.0.1:\(port) available"))
        let inactive = try #require(nanny.waitForLog(containing: "[inactive]"))
        #expect(inactive.hasPrefix("<28>"))
        #expect(
            inactive.hasSuffix(
                " nanny[\(nanny.pid)]: [inactive] shutting down 127.0.0.1:\(port): connect to 127.0.0.1:\(port): Connection refused"
            ))

        // lvsd goes away: nanny notices the closed socket and exits 0.
        nanny.closeReportSocket()
        #expect(nanny.waitForExit() == .exited(0))
        #expect(nanny.waitForLog(containing: "lvsd closed the report socket; exiting") != nil)
        #expect(nanny.decodeErrors.isEmpty)
    }

    @Test func flappingServerIsNotLetBackIn() throws {
        let harness = try CheckHarness()
        // pass, pass, fail, pass, pass, fail…: passing runs of 0.4 s never reach the 1 s reentry.
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .cycle([ok, ok, bytes("HTTP/1.0 500 Oops\r\n")]))
        let nanny = try NannyProcess(
            harness,
            arguments: [
                "-h", "127.0.0.1", "-p", "\(server.port)", "-x", "HTTP/1.0 200", "-t", "0.2", "-a", "1", "--slow-start",
                "0",
            ])
        defer { nanny.stop(); server.stop() }
        run(harness.loop, for: .seconds(3))
        let ups = nanny.reportList.filter(isUp).count
        let downs = nanny.reportList.filter(isDown).count
        let checks = nanny.reportList.filter(isCheck).count
        #expect(ups == 1 && downs == 1, "flapping: \(nanny.reportList)")
        #expect(checks >= 5, "only \(checks) checks in 3 s at 0.2 s")
    }

    @Test func administratorOverridesBySignal() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .reply(ok))
        let nanny = try NannyProcess(
            harness,
            arguments: [
                "-h", "127.0.0.1", "-p", "\(server.port)", "-x", "HTTP", "-t", "0.2", "-w", "40", "-a", "0",
            ])
        defer { nanny.stop(); server.stop() }
        let up = try #require(nanny.waitForReport(where: isUp))
        #expect(
            nanny.reportList[up]
                == .up(
                    weight: 1, reason: "check passed: 127.0.0.1:\(server.port) replied \"HTTP/1.0 200 OK\\r\\n\\r\\n\""),
            "slow start: 40 >> 5 = 1")

        nanny.send(.user1)
        let forcedDown = try #require(nanny.waitForReport(after: up) { $0 == .mode(.forcedDown) })
        #expect(
            nanny.waitForReport(after: forcedDown) { $0 == .down(reason: "forced down by administrator") } == forcedDown
                + 1)
        // Checks stop while forced.
        run(harness.loop, for: .milliseconds(700))
        #expect(
            !nanny.reportList[(forcedDown + 2)...].contains(where: isCheck),
            "checked while forced down: \(nanny.reportList)")

        nanny.send(.user2)
        let forcedUp = try #require(nanny.waitForReport(after: forcedDown) { $0 == .mode(.forcedUp) })
        #expect(
            nanny.waitForReport(after: forcedUp) { $0 == .up(weight: 40, reason: "forced up by administrator") }
                == forcedUp + 1)

        nanny.send(.hangup)
        let resumed = try #require(nanny.waitForReport(after: forcedUp) { $0 == .mode(.checking) })
        let check = try #require(nanny.waitForReport(after: resumed, timeout: .seconds(2), where: isCheck))
        // Checks were stopped while forced: a check now at all shows SIGHUP asked for one at once.
        #expect(nanny.reports[check].at - nanny.reports[resumed].at < .seconds(1), "SIGHUP should check at once")
        #expect(nanny.waitForLog(containing: "forced down by administrator") != nil)

        nanny.send(.terminate)
        #expect(nanny.waitForExit() == .exited(0))
        #expect(nanny.waitForLog(containing: "stopping on SIGTERM") != nil)
    }

    /// The external program path runs nanny's SIGCHLD + waitpid(-1) reaper: a hung program must
    /// be killed at the timeout and collected (no zombies), check after check.
    @Test func hangingProgramIsKilledAndReapedEveryTime() throws {
        let harness = try CheckHarness()
        let nanny = try NannyProcess(
            harness, arguments: ["-h", "127.0.0.1", "-p", "9", "-e", "/bin/sleep 30", "-x", "OK", "-t", "0.3"])
        defer { nanny.stop() }
        var after = 0
        for round in 0..<3 {
            let failed = try #require(
                nanny.waitForReport(after: after) {
                    $0 == .check(.failed("check program /bin/sleep did not finish within 0.3 s and was killed"))
                },
                "round \(round): \(nanny.reportList)")
            let children = nanny.children()
            #expect(children.count <= 1 && !children.contains { $0.state == "Z" }, "children of nanny: \(children)")
            after = failed + 1
        }
        #expect(
            nanny.reportList.contains(
                .down(reason: "check program /bin/sleep did not finish within 0.3 s and was killed")))
    }

    /// A check program that leaves a child running, and one that escaped its process group with
    /// setsid: before, each check left both behind under init, forever. nanny (a subreaper) now
    /// ends them after every check: none are left over after 200 checks, nor after nanny stops.
    @Test func processesAProgramLeavesBehindAreEnded() throws {
        let harness = try CheckHarness()
        let marker = "61.\(UInt32.random(in: 100_000...999_999))"
        let script = "/tmp/lvs-leaky-check-\(getpid())-\(marker).sh"
        let fd = open(script, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o700)
        try #require(fd >= 0)
        try FileDescriptor(rawValue: fd).writeAll(
            bytes("#!/bin/sh\n/bin/sleep \(marker) &\n/usr/bin/setsid /bin/sleep \(marker) &\necho OK\n"))
        close(fd)
        defer { unlink(script) }
        func leftovers() -> [pid_t] { processes(withArgument: marker) }

        let nanny = try NannyProcess(
            harness, arguments: ["-h", "127.0.0.1", "-p", "9", "-e", "/bin/sh \(script)", "-x", "OK", "-t", "0.02"])
        var after = 0
        var checks = 0
        var most = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while checks < 200, ContinuousClock.now < deadline {
            guard
                let index = nanny.waitForReport(
                    after: after, where: { if case .check = $0 { return true } else { return false } })
            else { break }
            after = index + 1
            checks += 1
            if checks % 20 == 0 { most = max(most, leftovers().count) }
        }
        #expect(checks == 200, "\(nanny.reportList.suffix(5))")
        // Between two checks, at most what the last one left (its two sleeps) may still be ending.
        #expect(most <= 2, "\(most) processes left behind")
        nanny.stop()
        let stopped = ContinuousClock.now
        while !leftovers().isEmpty && ContinuousClock.now - stopped < .seconds(5) { usleep(20_000) }
        #expect(leftovers().isEmpty, "left behind after nanny stopped: \(leftovers())")
        for pid in leftovers() { kill(pid, SIGKILL) }  // ours: started by our check program
    }

    @Test func programThatPrintsNothingFailsAndChildrenGetAnEmptySignalMask() throws {
        let harness = try CheckHarness()
        let silent = try NannyProcess(
            harness, arguments: ["-h", "127.0.0.1", "-p", "9", "-e", "/bin/true", "-x", "OK", "-t", "0.5"])
        defer { silent.stop() }
        #expect(
            silent.waitForReport { $0 == .down(reason: "check program /bin/true printed nothing (expected \"OK\")") }
                != nil,
            "\(silent.reportList)")

        // nanny blocks its signals for the signalfd; its check programs must not inherit that.
        let mask = try NannyProcess(
            harness,
            arguments: [
                "-h", "127.0.0.1", "-p", "9", "-e", "/bin/grep SigBlk /proc/self/status", "-x",
                "SigBlk:\\t0000000000000000", "-t", "0.5",
            ])
        defer { mask.stop() }
        #expect(mask.waitForReport(where: isUp) != nil, "\(mask.reportList)")
    }

    @Test func wrongBannerRegexAndSlowServer() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .reply(bytes("HTTP/1.1 503 Busy\r\n")))
        let port = server.port
        let nanny = try NannyProcess(
            harness,
            arguments: [
                "-h", "127.0.0.1", "-p", "\(port)", "-s", "GET /health HTTP/1.0\\r\\n\\r\\n", "-x",
                "^HTTP/1\\.[01] 200",
                "--regex", "-t", "0.25", "-a", "0", "--slow-start", "0", "-w", "2",
            ])
        defer { nanny.stop(); server.stop() }
        let down = try #require(nanny.waitForReport(where: isDown), "\(nanny.reportList)")
        #expect(
            nanny.reportList[down]
                == .down(
                    reason: "127.0.0.1:\(port): reply \"HTTP/1.1 503 Busy\\r\\n\" does not match /^HTTP/1\\.[01] 200/"))

        server.behaviour = .reply(bytes("HTTP/1.0 200 OK\r\n"))
        let up = try #require(nanny.waitForReport(after: down, where: isUp), "\(nanny.reportList)")
        #expect(nanny.reportList[up] == .up(weight: 2, reason: "passed checks for 0 s (reentry 0 s)"))

        // Slower than the interval (which is also the timeout): down again.
        server.behaviour = .replyAfter(.milliseconds(600), bytes("HTTP/1.0 200 OK\r\n"))
        #expect(
            nanny.waitForReport(after: up) { $0 == .down(reason: "no reply from 127.0.0.1:\(port) within 0.25 s") }
                != nil,
            "\(nanny.reportList)")
    }

    @Test func udpServerIsChecked() throws {
        let harness = try CheckHarness()
        let server = try LoopbackUDPServer(loop: harness.loop) { $0 == bytes("ping") ? bytes("pong") : nil }
        let nanny = try NannyProcess(
            harness,
            arguments: [
                "-h", "127.0.0.1", "-p", "\(server.port)", "-u", "-s", "ping", "-x", "pong", "-t", "0.3",
                "--slow-start", "0", "-w", "3",
            ])
        defer { nanny.stop(); server.stop() }
        let up = try #require(nanny.waitForReport(where: isUp))
        #expect(
            nanny.reportList[up] == .up(weight: 3, reason: "check passed: 127.0.0.1:\(server.port) replied \"pong\""))
        server.stop()
        #expect(
            nanny.waitForReport(after: up) {
                $0 == .down(reason: "127.0.0.1:\(server.port): port unreachable (Connection refused)")
            } != nil,
            "\(nanny.reportList)")
    }

    @Test func badArgumentsExitTwoWithOneLine() throws {
        let harness = try CheckHarness()
        for (arguments, expected) in [
            (["-h", "127.0.0.1", "-t", "abc"], "nanny: -t/--interval: \"abc\" is not a number of seconds\n"),
            (["-p", "80"], "nanny: -h/--server is required (the real server's address)\n"),
            (["-h", "127.0.0.1", "--report-fd", "77"], "nanny: --report-fd 77: Bad file descriptor\n"),
        ] {
            var status: TerminationStatus?
            let child = try harness.reaper.spawn(
                ChildProcessSpec(
                    executable: try nannyExecutable(), arguments: arguments, standardError: .pipe)
            ) { status = $0.status }
            let stderr = try #require(child.standardError)
            var output: [UInt8] = []
            var eof = false
            harness.loop.watch(stderr, for: .readable) { _ in
                if let chunk = try? stderr.read(upTo: 1024) { if chunk.isEmpty { eof = true } else { output += chunk } }
            }
            run(harness.loop, until: { eof && status != nil })
            stderr.closeQuietly()
            #expect(status == .exited(2), "\(arguments)")
            #expect(String(decoding: output, as: UTF8.self) == expected)
        }
    }
}

/// Processes whose command line has `argument` as one of its words.
func processes(withArgument argument: String) -> [pid_t] {
    guard let directory = opendir("/proc") else { return [] }
    defer { closedir(directory) }
    var found: [pid_t] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard let pid = pid_t(name) else { continue }
        let fd = open("/proc/\(pid)/cmdline", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { continue }
        let descriptor = FileDescriptor(rawValue: fd)
        let words = ((try? descriptor.read(upTo: 4096)) ?? []).split(separator: 0).map {
            String(decoding: $0, as: UTF8.self)
        }
        descriptor.closeQuietly()
        if words.contains(argument) { found.append(pid) }
    }
    return found
}
