import Addressing
import Control
import Foundation
import Glibc
import IPVS
import LVSTestKit
import Logging
import Testing
import DaemonSupport

/// pulse with a real lvsd against real IPVS: two directors, each with its own IPVS table (one
/// network namespace each), on one bridge. With warm standby (the default) pulse runs lvsd on both
/// directors and a takeover only moves the addresses; lvsd killed on the active director is
/// started again and adopts its table, without a failover; the IPVS sync daemon follows the active
/// director. With `warm_standby = 0`, Piranha's way: lvsd only on the active director. Timing is
/// loose: the guest is emulated.
@Suite(.kernelLayer, .serialized)
struct PulseKernelTests {
    static let vip = "10.74.0.100"
    static let service = IPVSServiceIdentity.address(.tcp, IPAddress(vip)!, port: 80)

    final class Lab {
        let lab: NetworkLab
        let nodes: [String: NetworkNamespace]
        let scratch: String
        let tables: [String: IPVSClient]
        var pulses: [String: TestProcess] = [:]
        /// Every lvsd PID a status showed.
        var lvsdPIDs: Set<pid_t> = []

        init(tag: String, extra: String = "") throws {
            lab = try NetworkLab(tag: tag)
            scratch = "/tmp/pulse-kernel-\(getpid())-\(tag)"
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let bridge = try lab.bridge("br0")
            var nodes: [String: NetworkNamespace] = [:]
            var tables: [String: IPVSClient] = [:]
            for (name, address) in [("d1", "10.74.0.1"), ("d2", "10.74.0.2")] {
                let namespace = try lab.namespace(name)
                try lab.connect(namespace, to: bridge, addresses: ["\(address)/24"])
                nodes[name] = namespace
                tables[name] = try IPVSClient(
                    namespacePath: namespace.path,
                    logger: Logger(label: "kernel-test", factory: { _ in SwiftLogNoOpLogHandler() }))
            }
            self.nodes = nodes
            self.tables = tables
            try Data(Self.config(extra: extra).utf8).write(to: URL(fileURLWithPath: scratch + "/lvs.cf"))
        }

        deinit {
            // pulse stops its lvsd (which stops its nannies); any lvsd seen and still there is
            // killed by PID.
            for process in pulses.values {
                process.signal(SIGTERM)
                if (try? process.wait(timeout: .seconds(30))) == nil { process.kill() }
            }
            for pid in lvsdPIDs where Pidfile.processName(pid) == "lvsd" { kill(pid, SIGKILL) }
            lab.tearDown()
            try? FileManager.default.removeItem(atPath: scratch)
        }

        /// Both directors, direct routing (no nat_router), one service whose real server is never
        /// up (lvsd still owns the service), the sync daemon on eth0.
        static func config(extra: String) -> String {
            """
            serial_no = 1
            primary = 10.74.0.1
            backup = 10.74.0.2
            backup_active = 1
            service = lvs
            heartbeat_port = 5391
            keepalive = 0.5
            deadtime = 3
            network = direct
            syncdaemon = 1
            syncd_iface = eth0
            syncd_id = 7
            hard_shutdown = 0
            \(extra)

            virtual www {
                active = 1
                address = \(PulseKernelTests.vip) eth0:1
                vip_nmask = 255.255.255.0
                port = 80
                timeout = 2
                reentry = 4
                server rs1 {
                    address = 10.74.0.50
                    active = 1
                    weight = 1
                }
            }

            """
        }

        func start(_ node: String) throws {
            pulses[node] = try nodes[node]!.start([
                TestEnvironment.product("pulse"), "-n", "--no-realtime", "-c", scratch + "/lvs.cf",
                "--runtime-directory", scratch + "/run-\(node)", "--lvsd", TestEnvironment.product("lvsd"),
                "--lvsd-runtime-directory", scratch + "/lvsd-\(node)", "--log-socket", scratch + "/no-syslog",
            ])
        }

        func status(_ node: String) -> PulseStatus? {
            let status = try? ControlClient(
                path: scratch + "/run-\(node)/pulse.sock", daemon: "pulse", timeout: .seconds(10)
            )
            .send(PulseRequest.status).result
            if let pid = status?.lvsd?.pid { lvsdPIDs.insert(pid) }
            return status
        }

        /// Whether `node`'s IPVS table has the virtual service.
        func hasService(_ node: String) -> Bool { (try? tables[node]!.service(PulseKernelTests.service)) != nil }

        /// The sync daemons running in `node`.
        func syncDaemons(_ node: String) -> [String] {
            ((try? tables[node]!.syncDaemons()) ?? []).map { "\($0.role) \($0.interface) \($0.syncID)" }
        }

        func holdsVIP(_ node: String) -> Bool {
            ((try? nodes[node]!.runChecked(["ip", "-o", "-4", "addr", "show", "dev", "eth0"])) ?? "").contains(
                PulseKernelTests.vip + "/")
        }

        func log(_ node: String) -> String { pulses[node]?.standardErrorText ?? "" }

        /// Polls every 50 ms for at most `timeout`.
        @discardableResult
        func wait(_ what: String, timeout: Duration = .seconds(60), _ condition: () -> Bool) throws -> Duration {
            let start = ContinuousClock.now
            while ContinuousClock.now - start < timeout {
                if condition() { return ContinuousClock.now - start }
                usleep(50_000)
            }
            throw LabError("\(what): not within \(timeout)\n--- d1:\n\(log("d1"))\n--- d2:\n\(log("d2"))")
        }
    }

    @Test func lvsdRunsOnBothDirectorsAndAKilledOneIsStartedAgainWithoutAFailover() throws {
        let lab = try Lab(tag: "pk")
        try lab.start("d1")
        try lab.start("d2")
        try lab.wait("d1 active, both with lvsd and the service, each seeing the other's table ready") {
            lab.status("d1")?.lvsd?.running == true && lab.status("d2")?.lvsd?.running == true && lab.hasService("d1")
                && lab.hasService("d2") && lab.status("d2")?.peerState == .active
                && lab.status("d1")?.peerTable?.state == "ready" && lab.status("d2")?.peerTable?.state == "ready"
        }
        #expect(lab.holdsVIP("d1") && !lab.holdsVIP("d2"))
        #expect(lab.syncDaemons("d1") == ["master eth0 7"])
        #expect(lab.syncDaemons("d2") == ["backup eth0 7"])
        let lvsdPID = try #require(lab.status("d1")?.lvsd?.pid)
        let standbyLVSD = try #require(lab.status("d2")?.lvsd?.pid)
        #expect(Pidfile.processName(lvsdPID) == "lvsd")

        // lvsd dies on the active director: pulse starts it again (after 0.5 s); the table stays
        // in the kernel meanwhile and the new lvsd adopts it. No failover.
        #expect(kill(lvsdPID, SIGKILL) == 0)
        var serviceAlways = true
        let back = try lab.wait("a new lvsd on d1") {
            serviceAlways = serviceAlways && lab.hasService("d1")
            guard let pid = lab.status("d1")?.lvsd?.pid else { return false }
            return pid != lvsdPID
        }
        print("pulse kernel figure: lvsd killed on the active director -> a new lvsd after \(back)")
        #expect(serviceAlways, "the service left d1's table while lvsd was restarted")
        try lab.wait("d1's table ready again") { lab.status("d2")?.peerTable?.state == "ready" }
        #expect(lab.holdsVIP("d1") && !lab.holdsVIP("d2"))
        #expect(lab.status("d1")?.failoverState == "active")
        #expect(lab.status("d2")?.lvsd?.pid == standbyLVSD)
        #expect(lab.log("d1").contains("lvsd (PID \(lvsdPID)) killed by SIGKILL; starting it again in 0.5 seconds"))
        #expect(!lab.log("d1").contains("deactivating"))
        #expect(!lab.log("d2").contains("activating"))

        // SIGTERM on the active one: the other takes over with the lvsd it ran all along, and the
        // stopped director's lvsd removes what it made.
        let d1LVSD = try #require(lab.status("d1")?.lvsd?.pid)
        lab.pulses["d1"]?.signal(SIGTERM)
        let result = try lab.pulses["d1"]!.wait(timeout: .seconds(60))
        lab.pulses["d1"] = nil
        #expect(result.exitCode == 0, "\(result.error)")
        #expect(kill(d1LVSD, 0) != 0, "pulse waits for lvsd before exiting")
        #expect(!lab.hasService("d1"), "lvsd's SIGTERM removes what it made")
        #expect(!lab.holdsVIP("d1"))
        try lab.wait("d2 active with the lvsd it ran while standing by") { lab.holdsVIP("d2") }
        #expect(lab.status("d2")?.lvsd?.pid == standbyLVSD)
        #expect(lab.hasService("d2"))
        try lab.wait("d2's sync daemon a master", timeout: .seconds(30)) { lab.syncDaemons("d2") == ["master eth0 7"] }
        #expect(result.error.contains("stopping lvsd"))
    }

    @Test func coldStandbyRunsLVSDOnTheActiveDirectorOnly() throws {
        let lab = try Lab(tag: "pc", extra: "warm_standby = 0")
        try lab.start("d1")
        try lab.start("d2")
        try lab.wait("d1 active with lvsd and its service, d2 standing by") {
            lab.status("d1")?.lvsd?.running == true && lab.hasService("d1") && lab.status("d2")?.peerState == .active
        }
        #expect(lab.holdsVIP("d1") && !lab.holdsVIP("d2"))
        #expect(!lab.hasService("d2"), "lvsd runs on the active director only")
        #expect(lab.status("d2")?.lvsd?.running == false)
        #expect(lab.status("d2")?.table?.state == "cold")
        #expect(lab.status("d1")?.peerTable?.state == "cold")

        // A manual failover: d2 starts lvsd, waits for its first checks, then takes the VIPs; d1
        // lets go and stops its lvsd (whose SIGTERM removes its service).
        let answer = try ControlClient(path: lab.scratch + "/run-d1/pulse.sock", daemon: "pulse", timeout: .seconds(10))
            .send(PulseRequest.failover)
        #expect(answer.ok, "\(answer.message ?? "")")
        try lab.wait("d2 active with its own lvsd and service, d1 without") {
            lab.holdsVIP("d2") && lab.status("d2")?.lvsd?.running == true && lab.hasService("d2")
                && lab.status("d1")?.lvsd?.running == false && !lab.hasService("d1")
        }
        #expect(!lab.holdsVIP("d1"))
        #expect(lab.log("d2").contains("partner hands over: activating once this director's table is ready"))
        #expect(lab.log("d2").contains("this director's table is ready: taking the VIPs"))
    }

    @Test func aRestartedPulseStopsTheLVSDItsKilledPredecessorLeft() throws {
        let lab = try Lab(tag: "pl")
        try lab.start("d1")
        try lab.wait("d1 active with lvsd") { lab.status("d1")?.lvsd?.running == true && lab.hasService("d1") }
        let orphan = try #require(lab.status("d1")?.lvsd?.pid)
        // kill -9 of pulse alone (its process group, lvsd included, is left alone).
        let running = lab.pulses.removeValue(forKey: "d1")
        let killed = try #require(running)
        killed.signal(SIGKILL)
        _ = try killed.wait(timeout: .seconds(30))
        #expect(Pidfile.processName(orphan) == "lvsd", "lvsd outlives a killed pulse")
        try lab.start("d1")
        try lab.wait("the leftover lvsd stopped") { Pidfile.processName(orphan) != "lvsd" }
        try lab.wait("d1 active again with its own lvsd") {
            lab.holdsVIP("d1") && lab.status("d1")?.lvsd?.running == true && lab.status("d1")?.lvsd?.pid != orphan
        }
        #expect(lab.log("d1").contains("stopping lvsd (PID \(orphan)) left running by an earlier pulse"))
        try lab.wait("the new lvsd's service in the table") { lab.hasService("d1") }
    }

    @Test func testStartRunsEverythingButLVSD() throws {
        let lab = try Lab(tag: "pn")
        lab.pulses["d1"] = try lab.nodes["d1"]!.start([
            TestEnvironment.product("pulse"), "-n", "--norun", "--no-realtime", "-c", lab.scratch + "/lvs.cf",
            "--runtime-directory", lab.scratch + "/run-d1", "--lvsd", TestEnvironment.product("lvsd"),
        ])
        try lab.wait("d1 active alone") { lab.holdsVIP("d1") }
        usleep(1_000_000)
        #expect(
            lab.status("d1")?.lvsd
                == PulseStatus.LVSDProcess(running: false, note: "not started: pulse runs with --norun (test start)"))
        #expect(!lab.hasService("d1"))
        #expect(lab.syncDaemons("d1") == ["master eth0 7"])
    }
}
