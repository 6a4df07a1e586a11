import Addressing
import HealthCheck
import Testing

@Suite struct LoadMonitorCommandTests {
    let server = IPAddress("10.0.1.10")!

    @Test func sshRunsUptimeWithoutPromptingAndBoundedByTheTimeout() {
        let ssh = LoadMonitorCommand("ssh")
        #expect(ssh == .remoteUptime(["ssh"]))
        #expect(
            ssh?.arguments(for: server, timeout: .seconds(6))
                == ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=6", "10.0.1.10", "uptime"])
        // Whole seconds, rounded up, at least 1.
        #expect(
            LoadMonitorCommand("/usr/bin/ssh -q")?.arguments(for: server, timeout: .milliseconds(300))
                == ["/usr/bin/ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=1", "-q", "10.0.1.10", "uptime"])
        #expect(
            LoadMonitorCommand("ssh")?.arguments(for: server, timeout: .milliseconds(2500))?.contains(
                "ConnectTimeout=3") == true)
    }

    @Test func otherCommands() {
        #expect(
            LoadMonitorCommand("rsh")?.arguments(for: server, timeout: .seconds(5)) == ["rsh", "10.0.1.10", "uptime"])
        #expect(
            LoadMonitorCommand("/usr/local/bin/load-of")?.arguments(for: server, timeout: .seconds(5))
                == ["/usr/local/bin/load-of", "10.0.1.10", "uptime"])
        #expect(LoadMonitorCommand("rup")?.arguments(for: server, timeout: .seconds(5)) == ["rup", "10.0.1.10"])
        #expect(
            LoadMonitorCommand("ruptime")?.arguments(for: server, timeout: .seconds(5)) == ["ruptime", "10.0.1.10"])
        #expect(LoadMonitorCommand("none") == LoadMonitorCommand.none)
        #expect(LoadMonitorCommand("none")?.arguments(for: server, timeout: .seconds(5)) == nil)
    }

    @Test(arguments: ["uptime", "", " ", "bash", "ssh2", "rup -x", "none x", "./ssh", "/", "Ssh"])
    func unknownValuesAreRefused(_ value: String) {
        #expect(LoadMonitorCommand(value) == nil)
        #expect(
            throws: NannyUsageError(
                flag: "-U/--loadcmd",
                message: "\"\(value)\" is not a load command: use rsh, ssh, rup, ruptime, none or an absolute path")
        ) { try NannyCommandLine.parse(["-h", "10.0.1.10", "-U", value]) }
    }

    @Test func loadOptionsRoundTrip() throws {
        var options = NannyOptions(server: server)
        options.loadMonitor = .remoteUptime(["/usr/bin/ssh", "-q"])
        options.scale = 4
        options.loadPeriod = .milliseconds(500)
        #expect(options.commandLine.suffix(6) == ["-U", "/usr/bin/ssh -q", "-S", "4", "--load-period", "0.5"])
        #expect(try NannyCommandLine.parse(options.commandLine) == .run(options))
        #expect(throws: NannyUsageError(flag: "--load-period", message: "must be more than 0 seconds")) {
            try NannyCommandLine.parse(["-h", "10.0.1.10", "--load-period", "0"])
        }
    }
}
