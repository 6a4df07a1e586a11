#if canImport(Glibc)
import Glibc
#endif
import Control
import DaemonSupport
import Foundation
import Heartbeat
import IPVS
import Interfaces
import LVSConfig
import LVSTestKit
import Logging
import Pulse
import Synchronization
import Testing

/// No kernel call holds up a heartbeat: two pulses (the library, in this process, one thread and
/// network namespace each) whose IPVS sync daemon switch takes 2 s each time, as a kernel stopping
/// a sync thread can. Heartbeats every 0.1 s, deadtime 0.3 s: had a switch run on the heartbeat
/// loop, the peer would declare the director dead (and take the VIP beside it) at every switch.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct SlowKernelTests {
    /// A sync daemon switch that takes `delay`, as a slow kernel would; records each switch.
    final class SlowSyncDaemon: SyncDaemonControl, Sendable {
        let delay: Duration
        let director: String
        let record: SwitchRecord

        init(delay: Duration, director: String, record: SwitchRecord) {
            self.delay = delay
            self.director = director
            self.record = record
        }

        func switchTo(_ role: IPVSSyncDaemonRole, settings: SyncDaemonSettings) -> Result<String, SyncDaemonSwitchError>
        {
            let started = ContinuousClock.now
            let (seconds, attoseconds) = delay.components
            usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            record.add(director, "\(role)", ContinuousClock.now - started)
            return .success("sync daemon: \(role) on \(settings.interface) (slow test kernel)")
        }
    }

    /// Every switch made, from the worker threads.
    final class SwitchRecord: Sendable {
        let switches = Mutex<[(director: String, role: String, took: Duration)]>([])
        func add(_ director: String, _ role: String, _ took: Duration) {
            switches.withLock { $0.append((director, role, took)) }
        }
    }

    /// What a node's loop saw of itself, sampled every 20 ms on its own thread.
    final class Samples: Sendable {
        struct Sample {
            var at: ContinuousClock.Instant
            var state: String
            var peerState: PulseStatus.PeerState
            var sinceLastHeartbeat: Double?
            var vips: Int
        }
        let samples = Mutex<[Sample]>([])
        let problem = Mutex<String?>(nil)
        let finished = Mutex(false)
    }

    @Test func aSlowSyncDaemonSwitchNeverDelaysAHeartbeat() throws {
        let lab = try FailoverLab()
        let path = try lab.write(
            "lvs.cf",
            FailoverLab.config(keepalive: "0.1", deadtime: "0.3", extra: ["syncdaemon = 1", "syncd_iface = eth1"]))
        let parsed = LVSConfigParser().parse(try LVSConfigFile.read(path), file: path)
        try #require(!parsed.hasErrors)
        let record = SwitchRecord()
        let samples = ["d1": Samples(), "d2": Samples()]
        let began = ContinuousClock.now
        let runFor = Duration.seconds(8)
        for (name, role) in [("d1", FailoverRole.primary), ("d2", .backup)] {
            let config = parsed.config
            let directory = lab.runtimeDirectory(name)
            let namespace = lab[name]
            let seen = samples[name]!
            let thread = Thread {
                do {
                    try Self.runNode(
                        config: config, role: role, configPath: path, runtimeDirectory: directory, namespace: namespace,
                        syncDaemon: SlowSyncDaemon(delay: .seconds(2), director: name, record: record),
                        until: began + runFor,
                        samples: seen)
                } catch {
                    seen.problem.withLock { $0 = "\(error)" }
                }
                seen.finished.withLock { $0 = true }
            }
            thread.start()
        }
        // At 4 s, while d2's switch to backup may still run and d1's to master does: a failover.
        while ContinuousClock.now < began + .seconds(4) { usleep(20_000) }
        let asked = ContinuousClock.now
        let answer = try ControlClient(path: lab.controlSocket("d1"), daemon: "pulse", timeout: .seconds(2))
            .send(PulseRequest.failover)
        #expect(answer.ok, "\(answer.message ?? "")")
        var moved: Duration?
        while ContinuousClock.now < began + runFor - .milliseconds(500), moved == nil {
            if lab.holders == ["d2"] { moved = ContinuousClock.now - asked }
            usleep(10_000)
        }
        while !samples.values.allSatisfy({ $0.finished.withLock { $0 } }),
            ContinuousClock.now < began + runFor + .seconds(10)
        {
            usleep(20_000)
        }
        for (name, seen) in samples {
            #expect(seen.problem.withLock { $0 } == nil, "\(name): \(seen.problem.withLock { $0 } ?? "")")
        }
        print(
            "slow-kernel figure: failover with a 2 s sync daemon switch moved the VIP in \(moved.map { "\($0)" } ?? "never")"
        )
        #expect(moved.map { $0 < .seconds(1) } == true, "the VIP moved \(moved.map { "after \($0)" } ?? "never")")

        // Every switch was slow, and there were several on each director.
        let switches = record.switches.withLock { $0 }
        #expect(switches.allSatisfy { $0.took >= .seconds(2) })
        #expect(
            switches.filter { $0.director == "d1" }.map(\.role).prefix(2) == ["backup", "master"],
            "\(switches.map { "\($0.director) \($0.role)" })")
        #expect(switches.contains { $0.director == "d2" && $0.role == "master" })

        // The heartbeats never paused: each director always heard the other within 0.25 s, and
        // once settled neither saw the other dead or took the VIP out of turn.
        for (name, seen) in samples {
            let settled = seen.samples.withLock { $0 }.filter { $0.at > began + .seconds(1) }
            #expect(settled.count > 200, "\(name): \(settled.count) samples")
            let longest = settled.compactMap(\.sinceLastHeartbeat).max() ?? 99
            print(
                "slow-kernel figure: \(name) heard the peer at most \(longest) s after its last heartbeat (keepalive 0.1 s)"
            )
            #expect(longest < 0.25, "\(name): \(longest) s without a heartbeat")
            #expect(!settled.contains { $0.peerState == .dead }, "\(name) saw its peer dead")
            let before = settled.filter { $0.at < asked }
            let states = Set(before.map(\.state))
            #expect(states == [name == "d1" ? "active" : "inactive"], "\(name) before the failover: \(states)")
        }
    }

    /// Builds a node inside `namespace` on this thread and runs its loop until `until`, sampling
    /// its status every 20 ms.
    static func runNode(
        config: LVSConfig, role: FailoverRole, configPath: String, runtimeDirectory: String,
        namespace: NetworkNamespace,
        syncDaemon: SlowSyncDaemon, until: ContinuousClock.Instant, samples: Samples
    ) throws {
        let logger = Logger(label: "pulse-\(role)", factory: { _ in SwiftLogNoOpLogHandler() })
        try FileManager.default.createDirectory(atPath: runtimeDirectory, withIntermediateDirectories: true)
        let loop = EventLoop()
        // Sockets, and the worker threads started here, belong to the director's namespace.
        let node = try inside(namespace) { () throws -> PulseNode in
            let settings = try PulseSettings(config: config, role: role)
            let sockets = try HeartbeatSocket.open(for: settings)
            let reaper = try ChildReaper(loop: loop, strategy: .spawnedChildren, logger: logger)
            let node = try PulseNode(
                settings: settings,
                options: PulseOptions(
                    configPath: configPath, foreground: true, startsLVSD: false, runtimeDirectory: runtimeDirectory),
                key: nil, sockets: sockets, holder: VIPHolder(routeSocket: try RouteNetlinkSocket()),
                syncDaemon: syncDaemon,
                loop: loop, reaper: reaper, logger: logger)
            try node.start()
            return node
        }
        loop.scheduleRepeating(every: .milliseconds(20)) {
            node.requestStatus { status in
                let sample = Samples.Sample(
                    at: .now, state: status.failoverState ?? "?", peerState: status.peerState,
                    sinceLastHeartbeat: status.heartbeatPaths.compactMap(\.lastHeartbeatAge).min(),
                    vips: status.virtualAddresses.count)
                samples.samples.withLock { $0.append(sample) }
            }
        }
        loop.schedule(at: until) { loop.stop() }
        try loop.run()
    }
}
