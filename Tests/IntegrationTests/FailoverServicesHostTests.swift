#if canImport(Glibc)
import Glibc
#endif
import Control
import Foundation
import LVSTestKit
import Testing

/// `service = fos` end to end on this kernel: two real pulses running the real fos daemon and
/// nanny `--fos` in namespaces, a TCP service (socat) started and stopped by `start_cmd` and
/// `stop_cmd` on the VIP, and a client. The commands write a journal with the time each began
/// and ended, so "exactly one director runs the service" is checked on every start and stop.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct FailoverServicesHostTests {
    /// A pair running the failover service, d1 active and serving.
    static func settledPair() throws -> FailoverLab {
        let lab = try FailoverLab()
        let script = try lab.write("svc", Self.serviceScript(directory: lab.directory), mode: 0o755)
        try lab.write("lvs.cf", Self.config(script: script))
        for node in ["d1", "d2"] {
            try lab.startPulse(
                node, arguments: ["--fos", TestEnvironment.product("fos")], runsDaemons: true)
        }
        try lab.waitUntilServing("d1")
        try lab.waitUntilServing("d2")
        let settled = eventually(within: .seconds(10)) { (try? Self.answer(lab)) == "svc-\(lab["d1"].name)" }
        guard settled else {
            throw LabError("d1 should serve: \(lab.pulse("d1")?.standardErrorText ?? "")")
        }
        return lab
    }

    static func config(script: String) -> String {
        """
        serial_no = 1
        primary = 10.70.0.1
        primary_private = 10.71.0.1
        backup = 10.70.0.2
        backup_private = 10.71.0.2
        backup_active = 1
        service = fos
        heartbeat_port = 5390
        keepalive = 0.1
        deadtime = 0.5
        garp_count = 1

        failover svc {
            active = 1
            address = \(FailoverLab.vip) eth0:1
            vip_nmask = 255.255.255.0
            port = 7100
            expect = "svc-"
            timeout = 1
            start_cmd = "\(script) start"
            stop_cmd = "\(script) stop"
        }

        """
    }

    /// The service: socat answering `svc-NAMESPACE` on the VIP, one per director (pidfile by
    /// namespace); the journal gets `start NS NANOSECONDS` when start_cmd begins and `stop NS
    /// NANOSECONDS` once the service has exited.
    static func serviceScript(directory: String) -> String {
        """
        #!/bin/sh
        ns=$(ip netns identify $$)
        pidfile=\(directory)/svc-$ns.pid
        case "$1" in
        start)
            echo "start $ns $(date +%s%N)" >> \(directory)/journal
            setsid socat TCP-LISTEN:7100,bind=\(FailoverLab.vip),reuseaddr,fork SYSTEM:"echo svc-$ns" </dev/null >/dev/null 2>&1 &
            echo $! > $pidfile
            ;;
        stop)
            if [ -f $pidfile ]; then
                pid=$(cat $pidfile)
                # The whole session: socat and the children it forked for connections.
                /bin/kill -KILL -- -$pid 2>/dev/null
                n=0
                # Until it is gone or a zombie (whoever adopted it may reap it late).
                while kill -0 $pid 2>/dev/null && [ "$(ps -o stat= -p $pid | cut -c1)" != Z ] && [ $n -lt 100 ]; do
                    sleep 0.02; n=$((n+1))
                done
                rm -f $pidfile
            fi
            echo "stop $ns $(date +%s%N)" >> \(directory)/journal
            ;;
        esac
        """
    }

    /// What the client gets from the VIP's port 7100, or nil.
    static func answer(_ lab: FailoverLab) throws -> String? {
        let result = try TestProcess.run(
            "ip",
            ["netns", "exec", lab["cl"].name, "socat", "-T1", "-", "TCP:\(FailoverLab.vip):7100,connect-timeout=1"],
            timeout: .seconds(5))
        let text = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The time now in nanoseconds since 1970, as `date +%s%N` writes it.
    static func realtimeNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// The journal's events, in time order.
    static func journal(_ lab: FailoverLab) -> [(what: String, node: String, at: UInt64)] {
        let text = (try? String(contentsOfFile: lab.directory + "/journal", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ")
            guard f.count == 3, let at = UInt64(f[2]) else { return nil }
            return (String(f[0]), String(f[1]), at)
        }.sorted { $0.at < $1.at }
    }

    /// The journal as `start d1`, `stop d1`… and whether the service ever ran on both directors.
    static func history(_ lab: FailoverLab) -> (steps: [String], overlapped: Bool) {
        let names = [lab["d1"].name: "d1", lab["d2"].name: "d2"]
        var running: Set<String> = []
        var overlapped = false
        var steps: [String] = []
        for event in journal(lab) {
            let node = names[event.node] ?? event.node
            steps.append("\(event.what) \(node)")
            if event.what == "start" {
                running.insert(node)
                if running.count > 1 { overlapped = true }
            } else {
                running.remove(node)
            }
        }
        return (steps, overlapped)
    }

    @Test func theServiceRunsOnOneDirectorThroughFailureFailoverAndCrash() throws {
        let lab = try Self.settledPair()
        #expect(Self.history(lab).steps == ["start d1"])
        #expect(lab.holders == ["d1"])

        // 1. The service fails on d1: nanny --fos sees it, fos runs stop_cmd and exits, pulse
        //    releases and d2 starts it.
        let d1Pid = try String(contentsOfFile: lab.directory + "/svc-\(lab["d1"].name).pid", encoding: .utf8)
        _ = try TestProcess.run("kill", [d1Pid.trimmingCharacters(in: .whitespacesAndNewlines)])
        let failedOver = lab.time(within: .seconds(10)) { (try? Self.answer(lab)) == "svc-\(lab["d2"].name)" }
        #expect(failedOver != nil, "d2 did not take over: \(lab.pulse("d1")?.standardErrorText.suffix(3000) ?? "")")
        #expect(Self.history(lab).steps == ["start d1", "stop d1", "start d2"])
        #expect(
            lab.pulse("d1")?.standardErrorText.contains("Exiting due to connection failure of 10.70.0.100:7100") == true
        )
        #expect(lab.pulse("d1")?.standardErrorText.contains("a failover service failed") == true)
        // d1's fault clears once d2 is active.
        #expect(eventually(within: .seconds(3)) { (try? lab.status("d1").failoverState) == "inactive" })

        // 2. lvsctl failover on d2: d2 stops the service and its VIP, then d1 starts it.
        let response = try lab.request("d2", .failover)
        #expect(response.ok && response.message?.hasPrefix("releasing") == true, "\(response)")
        let back = lab.time(within: .seconds(10)) { (try? Self.answer(lab)) == "svc-\(lab["d1"].name)" }
        #expect(back != nil, "d1 did not take over: \(lab.pulse("d2")?.standardErrorText.suffix(3000) ?? "")")
        #expect(Self.history(lab).steps == ["start d1", "stop d1", "start d2", "stop d2", "start d1"])
        #expect(eventually(within: .seconds(3)) { (try? lab.status("d2").failoverState) == "inactive" })

        // 3. The whole of d1 dies (every process, the service too, and its link): d2 takes over
        //    after deadtime.
        lab.killPulse("d1")
        let service = try String(contentsOfFile: lab.directory + "/svc-\(lab["d1"].name).pid", encoding: .utf8)
        if let pid = Int32(service.trimmingCharacters(in: .whitespacesAndNewlines)) { kill(-pid, SIGKILL) }
        // The crash ends d1's run of the service.
        let journal = try FileHandle(forWritingTo: URL(fileURLWithPath: lab.directory + "/journal"))
        try journal.seekToEnd()
        try journal.write(contentsOf: Data("stop \(lab["d1"].name) \(Self.realtimeNanoseconds())\n".utf8))
        try journal.close()
        try lab["d1"].runChecked(["ip", "link", "set", "eth0", "down"])
        let crash = lab.time(within: .seconds(10)) { (try? Self.answer(lab)) == "svc-\(lab["d2"].name)" }
        #expect(
            crash != nil,
            "d2 did not take over after the crash: \(lab.pulse("d2")?.standardErrorText.suffix(3000) ?? "")")
        let final = Self.history(lab)
        #expect(final.steps == ["start d1", "stop d1", "start d2", "stop d2", "start d1", "stop d1", "start d2"])
        #expect(!final.overlapped, "the service ran on both directors: \(final.steps)")

        // 4. SIGTERM of the active: its stop_cmd ends before pulse exits, and nobody is left
        //    running the service (d1 is down).
        let stopped = try lab.stopPulse("d2", timeout: .seconds(40))
        #expect(stopped?.exitCode == 0)
        #expect(Self.history(lab).steps.last == "stop d2")
        let took = [failedOver, back, crash].map { $0.map { "\($0)" } ?? "never" }
        print(
            "fos host figure: client answered by the other director after: service killed \(took[0]) (check "
                + "interval 1 s), lvsctl failover \(took[1]), director crash \(took[2]) (deadtime 0.5 s)")
        print("fos host figure: journal \(Self.history(lab).steps.joined(separator: ", "))")
    }

    @Test func whenPulseAloneDiesFOSStopsTheServiceBeforeThePartnerStartsIt() throws {
        let lab = try Self.settledPair()
        // kill -9 of pulse only: fos gets SIGTERM (parent-death signal) and runs stop_cmd, the VIP
        // guard takes the VIP down, and d2 takes over after deadtime.
        if let pulse = lab.pulse("d1") { kill(pulse.pid, SIGKILL) }
        let took = lab.time(within: .seconds(10)) { (try? Self.answer(lab)) == "svc-\(lab["d2"].name)" }
        #expect(took != nil, "d2 did not take over: \(lab.pulse("d2")?.standardErrorText.suffix(3000) ?? "")")
        let history = Self.history(lab)
        #expect(history.steps == ["start d1", "stop d1", "start d2"])
        #expect(!history.overlapped, "the service ran on both directors: \(history.steps)")
        #expect(eventually(within: .seconds(3)) { lab.holders == ["d2"] })
        print(
            "fos host figure: pulse killed on the active -> client answered by the other after \(took.map { "\($0)" } ?? "never") (deadtime 0.5 s)"
        )
    }
}
