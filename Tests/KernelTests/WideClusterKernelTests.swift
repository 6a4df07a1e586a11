#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LVSLab
import LVSTestKit
import Testing

/// Active-active directors over BGP (`cluster_mode = bgp`), end to end in the guest: the router
/// spreads flows over three directors by ECMP, each director announces the VIP through BIRD only
/// while it can serve it, and direct routing with `mh` and `sloppy_tcp` keeps established
/// connections alive when their director is drained or dies. `LVSROUTER_CLUSTER_CRASHES` (default
/// 1) crashes a director that many times (the benchmark asks for 10).
///
/// Named to run last (suites run in name order): after its lab is torn down, the guest's kernel can
/// hold the RTNL lock for minutes, and a later suite's sync-daemon stop waited beyond its limit.
@Suite(.kernelLayer, .serialized)
struct WideClusterKernelTests {
    static let everyDirector = Set(ClusterLab.directorNames.map { ClusterLab.directors[$0]! })

    @Test func threeDirectorsShareTheVIPAndCarryConnectionsOverDrainsAndCrashes() throws {
        let lab = try ClusterLab()
        defer { lab.tearDown() }
        try lab.startRealServers()
        try lab.startRouter()
        for name in ClusterLab.directorNames { try lab.startDirector(name) }
        let announced = try lab.waitForNextHops(Self.everyDirector, timeout: .seconds(120))
        print("active-active kernel figure: three directors announced after \(announced.labText)")

        // Flows spread over every director: each one's IPVS schedules some of the new connections
        // (batches of 30, at most 300, until each has some).
        var answers: [String] = []
        var scheduled: [String: Int] = [:]
        repeat {
            answers += try lab.client.servers(answering: ClusterLab.vip, count: 30)
            for name in ClusterLab.directorNames { scheduled[name] = try lab.scheduledConnections(on: name) }
        } while answers.count < 300 && !scheduled.values.allSatisfy { $0 > 0 }
        print(
            "active-active kernel figure: \(answers.count) connections scheduled per director \(scheduled.sorted { $0.key < $1.key })"
        )
        #expect(Set(answers) == Set(ClusterLab.serverNames), "\(answers)")
        #expect(scheduled.values.allSatisfy { $0 > 0 }, "\(scheduled)")

        // Long-lived connections, each to the echo service through whichever director.
        let total = 24
        var connections: [EchoConnection] = []
        for _ in 0..<total { connections.append(try EchoConnection(from: lab.client, to: ClusterLab.vip, port: 7)) }
        for (index, connection) in connections.enumerated() {
            try connection.exchange("hello \(index)", timeout: .seconds(5))
        }

        // drain-director: the router stops sending to dir1, and not one connection breaks.
        let drained = try lab.lvsctl("dir1", ["drain-director"])
        #expect(drained.exitCode == 0, "\(drained.output)\(drained.error)")
        let withdrawn = try lab.waitForNextHops(Self.everyDirector.subtracting(["10.0.0.11"]), timeout: .seconds(10))
        print(
            "active-active kernel figure: dir1 out of the router's route \(withdrawn.labText) after drain-director answered"
        )
        let status = try lab.lvsctl("dir1", ["status"])
        #expect(status.output.contains("drained"), "\(status.output)")
        #expect(status.output.contains("withdrawn: this director is drained by the admin"), "\(status.output)")
        #expect(status.output.contains("Established"), "\(status.output)")
        var broken: [String] = []
        for (index, connection) in connections.enumerated() {
            do { try connection.exchange("drained \(index)", timeout: .seconds(5)) } catch { broken.append("\(error)") }
        }
        #expect(broken.isEmpty, "connections broken by drain-director: \(broken)")
        #expect(try lab.lvsctl("dir1", ["enable-director"]).exitCode == 0)
        _ = try lab.waitForNextHops(Self.everyDirector, timeout: .seconds(10))

        // A director whose real servers all fail its checks withdraws; it announces again once they pass.
        for server in ClusterLab.serverNames {
            try lab.network[server].runChecked(["ip", "route", "add", "blackhole", "10.0.0.13/32"])
        }
        let failed = try lab.waitForNextHops(["10.0.0.11", "10.0.0.12"], timeout: .seconds(30))
        print("active-active kernel figure: dir3 withdrawn \(failed.labText) after its checks were cut off")
        let dir3 = try lab.lvsctl("dir3", ["status"])
        #expect(dir3.output.contains("withdrawn: no real server is up"), "\(dir3.output)")
        for server in ClusterLab.serverNames {
            try lab.network[server].runChecked(["ip", "route", "del", "blackhole", "10.0.0.13/32"])
        }
        let back = try lab.waitForNextHops(Self.everyDirector, timeout: .seconds(30))
        print("active-active kernel figure: dir3 announced again \(back.labText) after its real servers came back")
        for (index, connection) in connections.enumerated() {
            try connection.exchange("still \(index)", timeout: .seconds(5))
        }

        let crashes = Int(TestEnvironment.variable("LVSROUTER_CLUSTER_CRASHES") ?? "") ?? 1
        var withdrawTimes: [Duration] = []
        var survived = 0, carried = 0, unanswered = 0, requests = 0
        for trial in 0..<crashes {
            let victim = ClusterLab.directorNames[trial % 3]
            let victimAddress = ClusterLab.directors[victim]!
            let through = try lab.clientPorts(on: victim).intersection(connections.map(\.localPort))
            let monitor = try lab.monitorRoutes()
            defer { monitor.kill() }
            // New connections all through the crash, while the router still sends some to the dead one.
            let probe = RequestProbe(client: lab.client, address: ClusterLab.vip, length: .seconds(3))
            usleep(300_000)  // the monitor listens, the probe runs
            let crashedAt = ClusterLab.secondsOfDay()
            try lab.crash(victim)
            let outcome = probe.wait()
            _ = try lab.waitForNextHops(Self.everyDirector.subtracting([victimAddress]), timeout: .seconds(30))
            let withdrawn = try #require(
                ClusterLab.firstChange(in: monitor, since: crashedAt),
                "the route's change: \(monitor.standardOutputText)")
            withdrawTimes.append(withdrawn)
            print("active-active trial \(trial + 1): \(victim)'s route withdrawn \(withdrawn.labText) after the crash")
            unanswered += outcome.failed
            requests += outcome.answered + outcome.failed
            // Every long-lived connection still works, those through the dead director included.
            for (index, connection) in connections.enumerated() {
                do {
                    try connection.exchange("after crash \(trial) \(index)", timeout: .seconds(5))
                    if through.contains(connection.localPort) { carried += 1 }
                    survived += 1
                } catch {
                    Issue.record(
                        "connection \(index) (port \(connection.localPort)) broke after \(victim) crashed: \(error)")
                }
            }
            let fresh = try lab.client.servers(answering: ClusterLab.vip, count: 20)
            #expect(fresh.count == 20)
            try lab.restore(victim)
            _ = try lab.waitForNextHops(Self.everyDirector, timeout: .seconds(120))
            print(
                "active-active trial \(trial + 1): \(victim) crashed with \(through.count) of \(total) connections through it"
            )
        }
        let sorted = withdrawTimes.sorted()
        print(
            "active-active withdraw time after a crash: median \(sorted[sorted.count / 2].labText), p95 \(sorted[min(sorted.count - 1, sorted.count * 95 / 100)].labText) over \(crashes) crash(es)"
        )
        print(
            "active-active connections surviving a crash: \(survived) of \(total * crashes) (\(carried) of them through the dead director)"
        )
        print(
            "active-active requests unanswered during a crash: \(unanswered) of \(requests) in the 3 s after each crash"
        )
        #expect(survived == total * crashes)
        for connection in connections { connection.close() }
    }
}

/// GETs one after the other on a thread of its own for a while, each given 0.5 s: how many were
/// answered and how many were not.
final class RequestProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var counts = (answered: 0, failed: 0)
    private let done = DispatchSemaphore(value: 0)

    init(client: LabClient, address: String, length: Duration) {
        let thread = Thread { [self] in
            let started = ContinuousClock.now
            while ContinuousClock.now - started < length {
                let answered = (try? client.get(address, timeout: .milliseconds(500))) != nil
                lock.lock()
                if answered { counts.answered += 1 } else { counts.failed += 1 }
                lock.unlock()
            }
            done.signal()
        }
        thread.start()
    }

    /// The counts, once the probe has ended.
    func wait() -> (answered: Int, failed: Int) {
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return counts
    }
}
