#if canImport(Glibc)
import Glibc
#endif
import Control
import Foundation
import LVSTestKit
import Testing

/// lvsweb in a real headless Chromium against a real pair: two directors running pulse with
/// lvsd (its --test-start table) and nannies checking two real servers, lvsweb on the first
/// director, the second reachable over ssh (Debian's sshd with a key the test made). The browser
/// half is scripts/lib/lvsweb-browser.py; this half builds the lab and checks the files.
/// Screenshots land in .build/test-output/lvsweb-browser/.
@Suite(
    .serialized,
    .enabled(
        if: HeadlessBrowser.available,
        "needs LVSROUTER_HOST_TESTS=1, root, and Debian's chromium and chromium-driver (scripts/test installs them)"))
struct WebToolBrowserTests {
    static let realServers = ["rs1": "10.70.0.51", "rs2": "10.70.0.52"]

    static func config() -> String {
        """
        # lvsweb's browser test: the file both directors start from.
        serial_no = 1
        primary = 10.70.0.1
        primary_private = 10.71.0.1
        backup = 10.70.0.2
        backup_private = 10.71.0.2
        backup_active = 1
        service = lvs
        heartbeat_port = 5390
        keepalive = 0.2
        deadtime = 1
        network = direct

        virtual web {
            active = 1
            address = \(FailoverLab.vip) eth0:1
            vip_nmask = 255.255.255.0
            port = 80
            protocol = tcp
            scheduler = wlc
            timeout = 1
            reentry = 1
            server rs1 {
                address = \(realServers["rs1"]!)
                active = 1
                weight = 10
            }
            server rs2 {
                address = \(realServers["rs2"]!)
                active = 1
                weight = 20
            }
        }

        """
    }

    @Test func anAdminUsesTheWebToolInABrowser() throws {
        let lab = try FailoverLab()
        defer { lab.tearDown() }
        // The real servers: two addresses on the client's namespace, each with an HTTP server.
        var servers: [TestProcess] = []
        defer { for server in servers { server.kill() } }
        for address in Self.realServers.values.sorted() {
            _ = try lab["cl"].runChecked(["ip", "addr", "add", "\(address)/24", "dev", "eth0"])
            servers.append(try lab["cl"].start(["python3", "-m", "http.server", "80", "--bind", address]))
        }
        for address in Self.realServers.values.sorted() {
            #expect(
                eventually(within: .seconds(10)) {
                    (try? lab["d1"].run(["bash", "-c", "exec 3<>/dev/tcp/\(address)/80"], timeout: .seconds(2)))?
                        .exitCode == 0
                }, "real server \(address) listens")
        }
        // Each director its own lvs.cf (the sync writes the peer's), lvsd in --test-start mode.
        let d1Config = try lab.write("lvs-d1.cf", Self.config())
        let d2Config = try lab.write(
            "lvs-d2.cf", Self.config().replacingOccurrences(of: "weight = 20", with: "weight = 21"))
        let lvsd = try lab.write(
            "lvsd", "#!/bin/sh\nexec \(TestEnvironment.product("lvsd")) --test-start \"$@\"\n", mode: 0o755)
        for (node, config) in [("d1", "lvs-d1.cf"), ("d2", "lvs-d2.cf")] {
            try lab.startPulse(
                node, config: config,
                arguments: ["--lvsd", lvsd, "--lvsd-runtime-directory", lab.lvsdRuntimeDirectory(node)],
                runsDaemons: true)
            try lab.waitUntilServing(node)
        }
        #expect(eventually(within: .seconds(10)) { lab.holders == ["d1"] })

        // ssh from d1 to d2 as root, with keys made here; the peer's lvsctl reaches d2's pulse.
        let keys = try SSHTestKeys()
        defer { keys.remove() }
        let sshd = try SSHTestServer(namespace: lab["d2"], address: FailoverLab.publicAddress["d2"]!, keys: keys)
        defer { sshd.stop() }
        let peerLVSCtl = try lab.write(
            "lvsctl-d2",
            "#!/bin/sh\nexec \(TestEnvironment.product("lvsctl")) \"$@\" --pulse-socket \(lab.controlSocket("d2"))\n",
            mode: 0o755)

        // lvsweb on d1's loopback, with its password set by `lvsweb passwd`.
        let password = "browser test password"
        let passwordFile = lab.directory + "/lvsweb.passwd"
        let passwd = try TestProcess.run(
            TestEnvironment.product("lvsweb"), ["passwd", "--password-file", passwordFile],
            standardInput: Array((password + "\n").utf8))
        #expect(passwd.exitCode == 0, "\(passwd.error)")
        let tokenFile = lab.directory + "/metrics.token"
        let tokenRun = try TestProcess.run(TestEnvironment.product("lvsweb"), ["metrics-token", "--file", tokenFile])
        #expect(tokenRun.exitCode == 0, "\(tokenRun.error)")
        let token = tokenRun.output.split(separator: "\n").first.map(String.init) ?? ""
        let port = 3636
        let web = try lab["d1"].start([
            TestEnvironment.product("lvsweb"), "-n", "--port", "\(port)", "--password-file", passwordFile, "-c",
            d1Config, "--pulse-socket", lab.controlSocket("d1"), "--lvsd-socket",
            lab.lvsdRuntimeDirectory("d1") + "/lvsd.sock", "--peer-ssh", keys.sshWrapper, "--peer-lvsctl", peerLVSCtl,
            "--peer-configfile", d2Config, "--metrics-token-file", tokenFile,
        ])
        defer { web.kill() }
        #expect(
            eventually(within: .seconds(10)) {
                (try? lab["d1"].run(["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/\(port)"], timeout: .seconds(2)))?
                    .exitCode == 0
            }, "lvsweb listens: \(web.standardErrorText)")

        let shots = (TestEnvironment.packageRoot ?? lab.directory) + "/.build/test-output/lvsweb-browser"
        _ = try TestProcess.run("rm", ["-rf", shots])
        _ = try TestProcess.run("mkdir", ["-p", shots])
        let before = try String(contentsOfFile: d1Config, encoding: .utf8)
        let browser = try lab["d1"].run(
            [
                "python3", try TestEnvironment.script("lib/lvsweb-browser.py"), "http://127.0.0.1:\(port)", "piranha",
                password, shots, TestEnvironment.product("lvsctl"), lab.lvsdRuntimeDirectory("d1") + "/lvsd.sock",
                "\(Self.realServers["rs1"]!):80",
            ], environment: ["HOME": lab.directory], timeout: .seconds(240))
        let output = browser.output
        print(output)
        #expect(
            browser.exitCode == 0,
            "browser: \(output)\n\(browser.error.suffix(2000))\nlvsweb: \(web.standardErrorText.suffix(3000))\npulse d1: \(lab.pulse("d1")?.standardErrorText.suffix(4000) ?? "")"
        )
        #expect(output.contains("DONE"))

        // The weight edit changed exactly one line of d1's lvs.cf; the refused value changed nothing.
        let after = try String(contentsOfFile: d1Config, encoding: .utf8)
        let changed = zip(
            before.split(separator: "\n", omittingEmptySubsequences: false),
            after.split(separator: "\n", omittingEmptySubsequences: false)
        ).filter { $0 != $1 }
        #expect(changed.count == 1 && changed.first?.1 == "        weight = 5", "\(changed)")
        #expect(before.split(separator: "\n").count == after.split(separator: "\n").count)
        #expect(FileManager.default.fileExists(atPath: d1Config + ".previous"))
        // The peer got d1's file, checked it, kept its own as the previous version, and reloaded.
        #expect(try String(contentsOfFile: d2Config, encoding: .utf8) == after)
        #expect(try String(contentsOfFile: d2Config + ".previous", encoding: .utf8).contains("weight = 21"))
        // d2 reloaded the file it got; once d1 reloads its saved file too, both run the same one.
        _ = try lab.request("d1", .reload)
        #expect(
            eventually(within: .seconds(5)) {
                guard let d1 = try? lab.status("d1"), let d2 = try? lab.status("d2") else { return false }
                return d1.configSerial == d2.configSerial && d1.peerConfigSerial == d2.configSerial
            })
        // The failover happened for real: d2 holds the VIP now.
        #expect(eventually(within: .seconds(5)) { lab.holders == ["d2"] })
        // /metrics, with the token Prometheus would send: the real pair's figures after the failover.
        let metrics = try lab["d1"].runChecked([
            "curl", "-sS", "--max-time", "10", "-H", "Authorization: Bearer \(token)",
            "http://127.0.0.1:\(port)/metrics",
        ])
        let lines = Set(metrics.split(separator: "\n").map(String.init))
        for expected in [
            "lvsrouter_director_active 0", "lvsrouter_failovers_total{direction=\"took_over\"} 1",
            "lvsrouter_failovers_total{direction=\"gave_up\"} 1", "lvsrouter_lvsd_up 1",
            "lvsrouter_real_server_up{virtual=\"web\",server=\"rs1\",address=\"10.70.0.51:80\"} 1",
            "lvsrouter_real_server_check_passed{virtual=\"web\",server=\"rs2\",address=\"10.70.0.52:80\"} 1",
        ] {
            #expect(lines.contains(expected), "missing \(expected) in\n\(metrics)")
        }
        #expect(metrics.contains("lvsrouter_heartbeats_received_total{path=\"private\""))
        #expect(metrics.contains("lvsrouter_real_server_check_duration_seconds{virtual=\"web\",server=\"rs1\""))
        let refused = try lab["d1"].runChecked([
            "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10",
            "http://127.0.0.1:\(port)/metrics",
        ])
        #expect(refused == "401")
        for shot in [
            "01-login", "02-monitoring", "03-drained-live", "05-weight-saved", "06-invalid-value", "08-failed-over",
        ] {
            #expect(FileManager.default.fileExists(atPath: "\(shots)/\(shot).png"), "\(shot)")
        }
    }
}

/// Whether Debian's Chromium and its WebDriver are here, on a host that runs the host layer.
enum HeadlessBrowser {
    static var available: Bool {
        TestEnvironment.hostTestsEnabled && TestEnvironment.isRoot && access("/usr/bin/chromium", X_OK) == 0
            && access("/usr/bin/chromedriver", X_OK) == 0
    }
}
