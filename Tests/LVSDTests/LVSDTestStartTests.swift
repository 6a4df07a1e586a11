import Control
import Foundation
import Glibc
import LVSTestKit
import Testing

/// lvsd end to end on this host in `--test-start` mode: the built lvsd and real nannies against
/// loopback servers; every IPVS operation is logged as what would be applied.
@Suite(.serialized) struct LVSDTestStartTests {
    @Test func followsHealthWithTheSorryServerAndStopsCleanly() throws {
        try withScratch { scratch in
            // Nothing is up when lvsd starts, so the sorry server must go in at once.
            let one = try LoopbackServer(listening: false)
            let two = try LoopbackServer(listening: false)
            let lvsd = try LVSDRun(
                scratch: scratch, config: loopbackConfig(ports: [one.port, two.port], extra: "sorry_server = 10.0.9.9"))
            try lvsd.waitForLine(containing: "would apply: adding virtual www (TCP 192.0.2.10:80) (scheduler wlc)")
            let nannies = try lvsd.waitForChildren(2)
            let sorryIn = try lvsd.waitForLine(containing: "would apply: adding sorry server 10.0.9.9:80")
            // The servers come up: both are added, and the sorry server leaves.
            try one.start()
            try two.start()
            try lvsd.waitForLine(
                containing:
                    "would apply: adding real server rs1 (127.0.0.1:\(one.port)) to virtual www (TCP 192.0.2.10:80) with weight 1 (direct routing)",
                timeout: .seconds(10))
            try lvsd.waitForLine(
                containing:
                    "would apply: adding real server rs2 (127.0.0.1:\(two.port)) to virtual www (TCP 192.0.2.10:80) with weight 1 (direct routing)",
                timeout: .seconds(10))
            let sorryOut = try lvsd.waitForLine(
                containing: "would apply: removing sorry server 10.0.9.9:80 from virtual www")
            #expect(sorryIn < sorryOut)

            // Both servers stop: both leave, and the sorry server comes back before the last one leaves.
            let mark = lvsd.lines.count
            one.stop()
            two.stop()
            let firstOut = try lvsd.waitForLine(
                containing: "would apply: removing real server", after: mark, timeout: .seconds(5))
            let sorryBack = try lvsd.waitForLine(
                containing: "would apply: adding sorry server 10.0.9.9:80", after: mark, timeout: .seconds(5))
            let lastOut = try lvsd.waitForLine(
                containing: "would apply: removing real server", after: firstOut + 1, timeout: .seconds(5))
            #expect(sorryBack < lastOut)
            #expect(
                lvsd.lines[mark...].contains { $0.contains("is down (") && $0.contains("taking it out of the table") })

            // One returns after its reentry time: in, and the sorry server out, in that order.
            let mark2 = lvsd.lines.count
            try two.start()
            let back = try lvsd.waitForLine(
                containing: "would apply: adding real server rs2", after: mark2, timeout: .seconds(10))
            let sorryGone = try lvsd.waitForLine(
                containing: "would apply: removing sorry server", after: mark2, timeout: .seconds(5))
            #expect(back < sorryGone)

            // SIGTERM: the nannies stop, the service lvsd made is deleted, exit 0.
            lvsd.process.signal(SIGTERM)
            let result = try lvsd.process.wait(timeout: .seconds(15))
            #expect(result.exitCode == 0)
            #expect(lvsd.log.contains("would apply: deleting virtual www (TCP 192.0.2.10:80)"))
            #expect(lvsd.log.hasSuffix("lvsd: stopped\n"))
            for pid in nannies { #expect(!isAlive(pid), "nanny \(pid) still running") }
            // Test start records nothing and leaves no socket or pidfile.
            #expect(access(lvsd.runtimeDirectory + "/owned-services", F_OK) != 0)
            #expect(access(lvsd.socketPath, F_OK) != 0)
            #expect(access(lvsd.runtimeDirectory + "/lvsd.pid", F_OK) != 0)
        }
    }

    @Test func brokenReloadIsRejectedWithItsLineAndAValidOneIsAppliedByDifference() throws {
        try withScratch { scratch in
            let one = try LoopbackServer()
            let good = loopbackConfig(ports: [one.port])
            let lvsd = try LVSDRun(scratch: scratch, config: good)
            try lvsd.waitForLine(containing: "would apply: adding real server rs1")
            let nannies = try lvsd.waitForChildren(1)

            // Broken: line 8 has a bad scheduler. Rejected, nothing applied, nanny untouched.
            var mark = lvsd.lines.count
            try lvsd.reload(good.replacing("scheduler = wlc", with: "scheduler = fastest"))
            try lvsd.waitForLine(
                containing: "reload rejected: \(lvsd.configPath) has 1 error; the running configuration stays",
                after: mark)
            #expect(
                lvsd.lines[mark...].contains {
                    $0.contains("\(lvsd.configPath):8:") && $0.contains("error") && $0.contains("scheduler")
                })
            #expect(!lvsd.lines[mark...].contains { $0.contains("would apply") })
            #expect(lvsd.children == nannies)

            // Valid with a new scheduler: edited in place, the nanny keeps running.
            mark = lvsd.lines.count
            try lvsd.reload(good.replacing("scheduler = wlc", with: "scheduler = rr"))
            try lvsd.waitForLine(
                containing: "would apply: editing virtual www (TCP 192.0.2.10:80) in place (scheduler rr)", after: mark)
            #expect(
                !lvsd.lines[mark...].contains {
                    $0.contains("would apply: deleting") || $0.contains("would apply: adding")
                })
            #expect(lvsd.children == nannies)

            // New check settings: that nanny is restarted, and the server keeps its weight.
            mark = lvsd.lines.count
            try lvsd.reload(
                good.replacing("scheduler = wlc", with: "scheduler = rr").replacing("reentry = 1", with: "reentry = 2"))
            try lvsd.waitForLine(
                containing:
                    "check settings of real server rs1 (127.0.0.1:\(one.port)) of virtual www (TCP 192.0.2.10:80) changed; restarting its nanny",
                after: mark)
            let restarted = try lvsd.waitForChildren(1)
            #expect(restarted != nannies)
            try lvsd.waitForLine(
                containing: "rs1 (127.0.0.1:\(one.port)) of virtual www (TCP 192.0.2.10:80) is up", after: mark)
            #expect(!lvsd.lines[mark...].contains { $0.contains("would apply") })
            lvsd.process.signal(SIGTERM)
            #expect(try lvsd.process.wait(timeout: .seconds(15)).exitCode == 0)
        }
    }

    /// The control socket admits root only, so this runs as root.
    @Test(.enabled(if: TestEnvironment.isRoot, "lvsd's control socket is for root only"))
    func controlSocketShowsStatusAndDrainsAndEnablesByHand() throws {
        try withScratch { scratch in
            let one = try LoopbackServer()
            let two = try LoopbackServer()
            let lvsd = try LVSDRun(scratch: scratch, config: loopbackConfig(ports: [one.port, two.port]))
            try lvsd.waitForLine(containing: "would apply: adding real server rs2")
            try lvsd.waitForLine(containing: "would apply: adding real server rs1")

            var info = stat()
            #expect(stat(lvsd.socketPath, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)

            let client = ControlClient(path: lvsd.socketPath, daemon: "lvsd")
            let status = try client.send(LVSDRequest.status)
            #expect(status.ok)
            let service = try #require(status.result?.services.first)
            #expect(service.name == "www")
            #expect(service.protocolName == "tcp")
            #expect(service.address == "192.0.2.10")
            #expect(service.port == 80)
            #expect(service.scheduler == "wlc")
            #expect(!service.sorryServerActive)
            #expect(service.realServers.map(\.name) == ["rs1", "rs2"])
            #expect(service.realServers.map(\.health) == [.up, .up])
            #expect(service.realServers.map(\.configuredWeight) == [1, 2])
            #expect(service.realServers.allSatisfy { $0.since != nil && !$0.drainedByHand })

            let mark = lvsd.lines.count
            let drained = try client.send(LVSDRequest.drain(RealServerSelector("127.0.0.1:\(two.port)")!))
            #expect(drained.ok)
            #expect(
                drained.message == "drained real server rs2 (127.0.0.1:\(two.port)) of virtual www (TCP 192.0.2.10:80)")
            try lvsd.waitForLine(
                containing:
                    "would apply: setting real server rs2 (127.0.0.1:\(two.port)) of virtual www (TCP 192.0.2.10:80) to weight 0",
                after: mark)
            let afterDrain = try #require(try client.send(LVSDRequest.status).result?.services.first?.realServers[1])
            #expect(afterDrain.drainedByHand)
            #expect(afterDrain.weight == 0)
            #expect(afterDrain.lastCheck?.passed == true)

            let enabled = try client.send(LVSDRequest.enable(RealServerSelector("127.0.0.1:\(two.port)")!))
            #expect(enabled.ok)
            let afterEnable = try #require(try client.send(LVSDRequest.status).result?.services.first?.realServers[1])
            #expect(!afterEnable.drainedByHand)
            #expect(afterEnable.weight > 0)

            #expect(
                throws: ControlClientError.refused(
                    daemon: "lvsd", reason: "draining 127.0.0.9: no active real server has that address")
            ) {
                try client.send(LVSDRequest.drain(RealServerSelector("127.0.0.9")!))
            }

            let reload = try client.send(LVSDRequest.reload)
            #expect(reload.ok)
            #expect(reload.message?.hasPrefix("reloaded \(lvsd.configPath): ") == true)
            lvsd.process.signal(SIGTERM)
            #expect(try lvsd.process.wait(timeout: .seconds(15)).exitCode == 0)
        }
    }

    @Test func aKilledNannyIsRestartedWithoutCuttingTheWeight() throws {
        try withScratch { scratch in
            let one = try LoopbackServer()
            let lvsd = try LVSDRun(scratch: scratch, config: loopbackConfig(ports: [one.port], weights: [64]))
            // Slow start: 64 >> 5 = 2.
            try lvsd.waitForLine(
                containing:
                    "would apply: adding real server rs1 (127.0.0.1:\(one.port)) to virtual www (TCP 192.0.2.10:80) with weight 2"
            )
            let before = try lvsd.waitForChildren(1)
            // Forced up by hand on the nanny (SIGUSR2): full weight at once.
            kill(before[0], SIGUSR2)
            try lvsd.waitForLine(
                containing:
                    "would apply: setting real server rs1 (127.0.0.1:\(one.port)) of virtual www (TCP 192.0.2.10:80) to weight 64"
            )
            let mark = lvsd.lines.count
            kill(before[0], SIGKILL)
            try lvsd.waitForLine(
                containing:
                    "the nanny of real server rs1 (127.0.0.1:\(one.port)) of virtual www (TCP 192.0.2.10:80) failed: it killed by SIGKILL; restarting it in 1 s",
                after: mark)
            // The new nanny comes up at 2 and ramps; the server keeps serving at 64.
            try lvsd.waitForLine(containing: "is up (check passed", after: mark)
            let after = try lvsd.waitForChildren(1)
            #expect(after != before)
            usleep(200_000)
            #expect(!lvsd.lines[mark...].contains { $0.contains("would apply") }, "\(lvsd.lines[mark...])")
            lvsd.process.signal(SIGTERM)
            #expect(try lvsd.process.wait(timeout: .seconds(15)).exitCode == 0)
        }
    }

    @Test func hardShutdownStopsLvsdWhenANannyCannotBeKeptAlive() throws {
        try withScratch { scratch in
            let lvsd = try LVSDRun(
                scratch: scratch, config: loopbackConfig(ports: [try freePort()], extra: "client_monitor = /bin/false"),
                extraArguments: ["--restart-delay", "0.1", "--restart-limit", "3"])
            let result = try lvsd.process.wait(timeout: .seconds(20))
            #expect(result.exitCode == 1)
            #expect(
                lvsd.log.contains(
                    "failed 3 times within 120 s, last: it exited with status 1; hard_shutdown = 1, so lvsd stops (pulse fails over)"
                ))
            #expect(lvsd.log.contains("would apply: deleting virtual www (TCP 192.0.2.10:80)"))
        }
    }

    @Test func withoutHardShutdownLvsdCarriesOn() throws {
        try withScratch { scratch in
            let lvsd = try LVSDRun(
                scratch: scratch,
                config: loopbackConfig(
                    ports: [try freePort()], extra: "client_monitor = /bin/false", globals: "hard_shutdown = 0"),
                extraArguments: ["--restart-delay", "0.1", "--restart-limit", "3"])
            try lvsd.waitForLine(
                containing:
                    "has no running health check (its nanny failed 3 times within 120 s, last: it exited with status 1); treating it as down. Manual action is needed."
            )
            usleep(300_000)
            #expect(lvsd.process.isRunning)
            lvsd.process.signal(SIGTERM)
            #expect(try lvsd.process.wait(timeout: .seconds(15)).exitCode == 0)
        }
    }

    @Test func secondLvsdOnTheSameRuntimeDirectoryRefusesToStart() throws {
        try withScratch { scratch in
            let first = try LVSDRun(scratch: scratch, config: loopbackConfig(ports: [try freePort()]))
            try first.waitForLine(containing: "would apply: adding virtual www")
            let second = try TestProcess.run(
                TestEnvironment.product("lvsd"),
                ["-n", "-t", "-c", first.configPath, "--runtime-directory", first.runtimeDirectory],
                timeout: .seconds(20))
            #expect(second.exitCode == 1)
            #expect(second.error.contains("lvsd is already running (PID \(first.process.pid)"))
            first.process.signal(SIGTERM)
            #expect(try first.process.wait(timeout: .seconds(15)).exitCode == 0)
        }
    }
}
