#if canImport(Glibc)
import Glibc
#endif
import CLVSShims
import DaemonSupport
import Control
import Foundation
import LVSConfig
import LVSTestKit
import Synchronization
import Testing

/// pulse as a process: start-up errors, daemonizing with a pidfile and syslog, the control
/// socket's permissions, reloads, and monitor_links.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct PulseDaemonTests {
    // MARK: - Start-up

    @Test func aBrokenFileIsRefusedWithEveryErrorAndItsPosition() throws {
        let lab = try FailoverLab()
        let path = try lab.write(
            "lvs.cf",
            FailoverLab.config().replacing("heartbeat_port = 5390", with: "heartbeat_port = 70000") + "bogus = 1\n")
        let result = try lab["d1"].run([TestEnvironment.product("pulse"), "-n", "-c", path], timeout: .seconds(20))
        #expect(result.exitCode == 1)
        #expect(
            result.error == """
                \(path):8:18: error: heartbeat_port: expected a port number 1-65535 or a service name, got '70000' (out of range)
                \(path):27:1: error: unknown key 'bogus'
                pulse: not starting: \(path) cannot be used

                """)
    }

    @Test func aHostThatIsNeitherDirectorIsToldSo() throws {
        let lab = try FailoverLab()
        let path = try lab.write("lvs.cf", FailoverLab.config())
        let result = try lab["cl"].run([TestEnvironment.product("pulse"), "-n", "-c", path], timeout: .seconds(20))
        #expect(result.exitCode == 1)
        #expect(
            result.error == "\(path): this host holds neither primary (10.70.0.1) nor backup (10.70.0.2) on any "
                + "interface: pulse runs only on the two directors named in lvs.cf\n")
    }

    @Test func anExposedKeyFileIsRefused() throws {
        let lab = try FailoverLab()
        let key = try lab.write("hb.key", "a shared key of thirty-two bytes", mode: 0o644)
        let path = try lab.write("lvs.cf", FailoverLab.config(extra: ["heartbeat_key_file = \(key)"]))
        let result = try lab["d1"].run([TestEnvironment.product("pulse"), "-n", "-c", path], timeout: .seconds(20))
        #expect(result.exitCode == 1)
        #expect(
            result.error == "reading heartbeat key file \(key): the file is readable or writable by group or others "
                + "(mode 0644); run `chmod 600 \(key)`\n")
    }

    @Test func aSecondPulseOnTheSameHostIsRefused() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config())
        try lab.startPulse("d1")
        try lab.waitUntilServing("d1")
        let second = try lab["d1"].run(
            [
                TestEnvironment.product("pulse"), "-n", "-c", lab.directory + "/lvs.cf", "--runtime-directory",
                lab.runtimeDirectory("d1"),
            ],
            timeout: .seconds(20))
        #expect(second.exitCode == 1)
        #expect(
            second.error.contains(
                "cannot create heartbeat socket: opening the heartbeat socket on 10.70.0.1:5390: bind: Address already in use"
            ), "\(second.error)")
    }

    // MARK: - Scheduling

    /// `chrt -p PID`'s policy, e.g. `SCHED_RR|SCHED_RESET_ON_FORK`.
    func policy(of pid: pid_t) throws -> String {
        let output = try TestProcess.run("chrt", ["-p", "\(pid)"]).output
        return output.split(separator: "\n").first.map { String($0.split(separator: " ").last ?? "") } ?? ""
    }

    /// A process's command line, arguments separated by spaces.
    func commandLine(of pid: pid_t) -> String {
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return String(decoding: bytes.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    /// A thread's name.
    func comm(of thread: pid_t, in pid: pid_t) -> String {
        ((try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/comm", encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The thread of `pid` called `name`.
    func thread(named name: String, of pid: pid_t) -> pid_t? {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return threads.compactMap { pid_t($0) }.first { comm(of: $0, in: pid) == name }
    }

    @Test func runsRealTimeButItsCommandsDoNot() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config(extra: ["inactive_cmd = \"/bin/sleep 30\""]))
        let pulse = try lab.startPulse("d1")
        try lab.waitUntilServing("d1")
        var children: [pid_t] = []
        var guards: [pid_t] = []
        // The VIP guard (pulse --vip-guard) and inactive_cmd.
        #expect(
            eventually {
                let all = ((try? TestProcess.run("pgrep", ["-P", "\(pulse.pid)"]).output) ?? "")
                    .split(separator: "\n").compactMap { pid_t($0) }
                guards = all.filter { commandLine(of: $0).contains("--vip-guard") }
                children = all.filter { !guards.contains($0) }
                return !children.isEmpty && guards.count == 1
            })
        defer { for child in children { kill(child, SIGKILL) } }
        // The guard must act on time too: real-time, like the heartbeats.
        // (It switches itself once its program has started.)
        #expect(eventually { guards.allSatisfy { (try? policy(of: $0)) == "SCHED_RR|SCHED_RESET_ON_FORK" } })
        // The heartbeat thread alone runs real-time.
        let heartbeat = try #require(thread(named: "pulse-heartbeat", of: pulse.pid))
        #expect(try policy(of: heartbeat) == "SCHED_RR|SCHED_RESET_ON_FORK")
        #expect(try TestProcess.run("chrt", ["-p", "\(heartbeat)"]).output.contains("priority: 10"))
        #expect(try children.map(policy) == children.map { _ in "SCHED_OTHER" })
        #expect(try String(contentsOfFile: "/proc/\(pulse.pid)/status", encoding: .utf8).contains("VmLck:"))
        // The main thread (control requests, lvsd, the log) and the worker threads (VIPs, the sync
        // daemon, reading lvs.cf for a reload): the normal class, never ahead of a heartbeat, at
        // nice -10.
        let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pulse.pid)/task").compactMap {
            pid_t($0)
        }
        let workers = threads.filter { comm(of: $0, in: pulse.pid).hasPrefix("pulse") && $0 != heartbeat }
        #expect(workers.count == 4, "threads \(threads.map { comm(of: $0, in: pulse.pid) })")
        for thread in workers {
            #expect(try policy(of: thread).hasPrefix("SCHED_OTHER"))
            let stat = try String(contentsOfFile: "/proc/\(pulse.pid)/task/\(thread)/stat", encoding: .utf8)
            let fields = stat[stat.range(of: ")")!.upperBound...].split(separator: " ")
            #expect(fields[16] == "-10", "nice of thread \(comm(of: thread, in: pulse.pid)): \(fields[16])")
        }

        try lab.startPulse("d2", arguments: ["--no-realtime"])
        try lab.waitUntilServing("d2")
        #expect(try policy(of: lab.pulse("d2")!.pid) == "SCHED_OTHER")
    }

    @Test func anLVSDThatCannotBeKeptRunningHandsTheVIPsToThePeer() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config())
        // d1 starts lvsd from a path that does not exist (no --norun); d2 runs without lvsd.
        lab.startPulseWithLVSD("d1", lvsd: lab.directory + "/no-such-lvsd")
        try lab.startPulse("d2")
        try lab.waitUntilServing("d1")
        try lab.waitUntilServing("d2")
        // d1 serves meanwhile and tries again (0.5, 1, 2, 4 s apart); the fifth failure within five
        // minutes means lvsd cannot be kept running, and d1 hands the VIPs over.
        #expect(eventually(within: .seconds(15)) { lab.holders == ["d2"] }, "holders \(lab.holders)")
        let log = lab.pulse("d1")?.standardErrorText ?? ""
        let activated = log.range(of: "activation finished: active")
        let handedOver = log.range(of: "handing over to the partner")
        #expect(activated != nil && handedOver != nil && activated!.lowerBound < handedOver!.lowerBound, "\(log)")
        #expect(log.contains("cannot start lvsd (\(lab.directory)/no-such-lvsd --nodaemon -c "), "\(log)")
        #expect(log.contains("No such file or directory"))
        #expect(log.contains("starting it again in 0.5 seconds"))
        #expect(log.contains("lvsd cannot be kept running"))
        #expect(log.contains("handing over to the partner"))
        // d1 stands by, and says lvsd is still being tried.
        #expect(eventually(within: .seconds(3)) { (try? lab.status("d1"))?.failoverState == "inactive" })
        let status = try lab.status("d1")
        #expect(status.peerState == .active)
        #expect(status.lvsd?.running == false)
        #expect(
            status.lvsd?.note?.contains("cannot be kept running; restarting in") == true,
            "\(String(describing: status.lvsd))")
        #expect(!lab.holdsVIP("d1"))
    }

    @Test func anLVSDAnEarlierPulseLeftIsStoppedBeforeTheNewOneStartsWhilePulseServes() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config())
        // A stand-in for lvsd (a script's process name is its file's) that ignores SIGTERM, named by
        // lvsd's pidfile as a killed pulse leaves it.
        let lvsd = try lab.write("lvsd", "#!/bin/sh\ntrap '' TERM\nwhile :; do sleep 0.1; done\n", mode: 0o755)
        let leftover = try TestProcess(lvsd)
        defer { leftover.kill() }
        #expect(eventually(within: .seconds(2)) { Pidfile.processName(leftover.pid) == "lvsd" })
        try FileManager.default.createDirectory(
            atPath: lab.lvsdRuntimeDirectory("d1"), withIntermediateDirectories: true)
        try lab.write("lvsd-d1/lvsd.pid", "\(leftover.pid)\n")
        lab.startPulseWithLVSD("d1", lvsd: lvsd, arguments: ["--lvsd-stop-timeout", "2"])
        // pulse serves while the leftover has its stop timeout: the status shows it stopping.
        try lab.waitUntilServing("d1", within: .seconds(1.5))
        let meanwhile = try lab.status("d1").lvsd
        #expect(
            meanwhile == .init(running: true, pid: leftover.pid, note: "stopping"), "\(String(describing: meanwhile))")
        #expect(eventually(within: .seconds(5)) { Pidfile.processName(leftover.pid) != "lvsd" || !leftover.isRunning })
        #expect(
            eventually(within: .seconds(3)) {
                guard let process = (try? lab.status("d1"))?.lvsd else { return false }
                return process.running && process.pid != leftover.pid && process.note == nil
            })
        let log = lab.pulse("d1")?.standardErrorText ?? ""
        let asked = log.range(of: "stopping lvsd (PID \(leftover.pid)) left running by an earlier pulse")
        let killed = log.range(of: "lvsd (PID \(leftover.pid)) did not stop within 2.0 seconds of SIGTERM: killing it")
        let started = log.range(of: "started lvsd: \(lvsd) --nodaemon")
        #expect(asked != nil && killed != nil && started != nil, "\(log)")
        if let asked, let killed, let started {
            #expect(asked.lowerBound < killed.lowerBound && killed.lowerBound < started.lowerBound, "\(log)")
        }
        // Its own stand-in ignores SIGTERM too: pulse kills it after the stop timeout and exits.
        let result = try lab.stopPulse("d1")
        #expect(result?.exitCode == 0)
    }

    // MARK: - Daemon

    @Test func daemonizesWritesItsPidfileLogsToSyslogAndStopsCleanly() throws {
        let lab = try FailoverLab()
        let config = try lab.write("lvs.cf", FailoverLab.config())
        let syslog = try DatagramListener(path: lab.directory + "/log.sock")
        let runtime = lab.runtimeDirectory("d1")
        let launcher = try lab["d1"].run(
            [
                TestEnvironment.product("pulse"), "-c", config, "--norun", "--runtime-directory", runtime,
                "--log-socket", syslog.path,
            ], timeout: .seconds(20))
        #expect(launcher.exitCode == 0, "\(launcher.error)")
        // Only the hint the admin starting it needs (the lab's heartbeats have no key).
        #expect(launcher.error == "pulse: hint: \(LVSConfig.authenticationHint)\n")
        let pidText = try String(contentsOfFile: runtime + "/pulse.pid", encoding: .utf8)
        let pid = pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines))!
        defer { kill(pid, SIGKILL) }
        #expect(Pidfile.processName(pid) == "pulse")
        let heartbeat = try #require(thread(named: "pulse-heartbeat", of: pid))
        #expect(
            try policy(of: heartbeat) == "SCHED_RR|SCHED_RESET_ON_FORK",
            "the daemon, not only its launcher, runs real-time")
        // Root only: the socket is 0600 in a 0700 directory.
        var info = stat()
        #expect(stat(runtime + "/pulse.sock", &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(runtime, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(eventually(within: .seconds(3)) { lab.holdsVIP("d1") })  // alone: activates after deadtime
        #expect(kill(pid, SIGTERM) == 0)
        #expect(eventually(within: .seconds(5)) { kill(pid, 0) != 0 })
        #expect(!lab.holdsVIP("d1"))
        #expect(access(runtime + "/pulse.pid", F_OK) != 0, "the pidfile is removed at exit")
        #expect(access(runtime + "/pulse.sock", F_OK) != 0, "the socket is removed at exit")
        let lines = syslog.receiveAll()
        // LOG_DAEMON (3) * 8 + LOG_NOTICE (5) = 29; ident pulse with the daemon's PID.
        #expect(
            lines.contains { $0.hasPrefix("<29>") && $0.contains(" pulse[\(pid)]: STARTING PULSE AS MASTER") },
            "\(lines)")
        #expect(lines.contains { $0.contains(" pulse[\(pid)]: terminating due to SIGTERM") }, "\(lines)")
        #expect(lines.contains { $0.contains(" pulse[\(pid)]: VIPs down: 10.70.0.100/24 on eth0:1") })
    }

    @Test func theControlSocketRefusesOtherUsers() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config())
        try lab.startPulse("d1")
        try lab.waitUntilServing("d1")
        let result = try TestProcess.run(
            "setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", TestEnvironment.product("lvsctl"), "status",
                "--pulse-socket", lab.controlSocket("d1"),
            ], timeout: .seconds(20))
        #expect(result.exitCode == 1)
        #expect(
            result.error
                == "lvsctl: permission denied: cannot connect to \(lab.controlSocket("d1")) (pulse's control socket is for root only)\n"
        )
    }

    // MARK: - Reload

    @Test func sighupAppliesTheVIPSetLiveAndABrokenFileChangesNothing() throws {
        let lab = try FailoverLab()
        let path = try lab.write("lvs.cf", FailoverLab.config())
        try lab.startPulse("d1")
        try lab.startPulse("d2")
        try lab.waitUntilServing("d2")
        #expect(eventually(within: .seconds(3)) { lab.holders == ["d1"] })
        let second = """

            virtual more {
                active = 1
                address = 10.70.0.101 eth0:2
                vip_nmask = 255.255.255.0
                port = 80
                server rs1 {
                    address = 10.70.0.50
                    active = 1
                }
            }

            """
        try lab.write("lvs.cf", FailoverLab.config(keepalive: "0.05", deadtime: "0.3") + second)
        lab.pulse("d1")?.signal(SIGHUP)
        lab.pulse("d2")?.signal(SIGHUP)
        #expect(
            eventually {
                (try? lab["d1"].runChecked(["ip", "-o", "addr"]))?.contains(
                    "10.70.0.101/24 brd 10.70.0.255 scope global secondary eth0:2") == true
            })
        #expect(eventually { (try? lab.status("d1"))?.keepalive == 0.05 })
        #expect(try lab.status("d1").virtualAddresses == ["10.70.0.100/24 on eth0:1", "10.70.0.101/24 on eth0:2"])
        #expect(try !lab["d2"].runChecked(["ip", "-o", "addr"]).contains("10.70.0.101"))
        let log = lab.pulse("d1")?.standardErrorText ?? ""
        #expect(log.contains("reload applied: VIPs added: 10.70.0.101/24 on eth0:2"), "\(log)")

        // A broken file: rejected with its position, nothing changes, and lvsctl says why.
        try lab.write("lvs.cf", FailoverLab.config(keepalive: "0.05", deadtime: "0.3") + "virtual broken {\n")
        let reload = try TestProcess.run(
            TestEnvironment.product("lvsctl"), ["reload", "--pulse-socket", lab.controlSocket("d1")],
            timeout: .seconds(20))
        #expect(reload.exitCode == 1)
        #expect(
            reload.error.hasPrefix(
                "lvsctl: pulse: reload rejected, keeping the running configuration: \(path) has errors: \(path):"),
            "\(reload.error)")
        #expect(try lab.status("d1").virtualAddresses == ["10.70.0.100/24 on eth0:1", "10.70.0.101/24 on eth0:2"])
        #expect(
            eventually {
                (lab.pulse("d1")?.standardErrorText ?? "").contains(
                    "reload rejected, keeping the running configuration")
            })
        #expect(lab.holders == ["d1"])

        // The dropped VIP comes down on the next good reload.
        try lab.write("lvs.cf", FailoverLab.config(keepalive: "0.05", deadtime: "0.3"))
        let good = try TestProcess.run(
            TestEnvironment.product("lvsctl"), ["reload", "--pulse-socket", lab.controlSocket("d1")],
            timeout: .seconds(20))
        #expect(good.exitCode == 0)
        #expect(good.output == "reloaded \(path): VIPs removed: 10.70.0.101/24 on eth0:2\n")
        #expect(try !lab["d1"].runChecked(["ip", "-o", "addr"]).contains("10.70.0.101"))
    }

    // MARK: - monitor_links

    @Test func aMonitoredLinkDownHandsOverAndItsReturnClearsTheFault() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config(extra: ["monitor_links = 1"]))
        try lab.startPulse("d1")
        try lab.startPulse("d2")
        try lab.waitUntilServing("d2")
        #expect(eventually(within: .seconds(3)) { lab.holders == ["d1"] })
        try lab["d1"].runChecked(["ip", "link", "set", "eth1", "down"])
        #expect(eventually(within: .seconds(3)) { lab.holders == ["d2"] }, "holders \(lab.holders)")
        let faulted = try lab.status("d1")
        #expect(faulted.failoverState == "faulted")
        #expect(faulted.faults == ["link eth1 down"])
        try lab["d1"].runChecked(["ip", "link", "set", "eth1", "up"])
        #expect(eventually(within: .seconds(3)) { (try? lab.status("d1"))?.failoverState == "inactive" })
        #expect(lab.holders == ["d2"], "no preemption after the fault clears")
    }
}

/// A Unix datagram socket standing in for /dev/log: collects what pulse's syslog handler sends,
/// as it arrives (a socket read only at the end holds few datagrams: the rest would be dropped).
final class DatagramListener {
    /// The socket and what came on it; a thread of its own reads it until the listener goes.
    private final class Collector: Sendable {
        let descriptor: Int32
        let lines = Mutex<[String]>([])
        let stopped = Atomic<Bool>(false)
        let done = DispatchSemaphore(value: 0)

        init(descriptor: Int32) { self.descriptor = descriptor }

        func drain() {
            var buffer = [UInt8](repeating: 0, count: 8192)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if n <= 0 { return }
                let line = String(decoding: buffer[0..<n], as: UTF8.self)
                lines.withLock { $0.append(line) }
            }
        }

        func run() {
            while !stopped.load(ordering: .relaxed) {
                var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&entry, 1, 20)
                drain()
            }
            done.signal()
        }
    }

    let path: String
    private let collector: Collector

    init(path: String) throws {
        self.path = path
        unlink(path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0, lvs_unix_bind(descriptor, path) == 0 else {
            throw LabError("binding \(path): \(String(cString: strerror(errno)))")
        }
        collector = Collector(descriptor: descriptor)
        Thread { [collector] in collector.run() }.start()
    }

    deinit {
        collector.stopped.store(true, ordering: .relaxed)
        collector.done.wait()
        close(collector.descriptor)
        unlink(path)
    }

    /// Every datagram received so far (and not returned before), as text.
    func receiveAll() -> [String] {
        collector.drain()
        return collector.lines.withLock { lines in
            defer { lines = [] }
            return lines
        }
    }
}
