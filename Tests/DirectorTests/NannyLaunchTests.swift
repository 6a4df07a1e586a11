import Addressing
import Director
import HealthCheck
import IPVS
import LVSConfig
import Testing

/// nanny's argument vector from lvs.cf: Piranha's startClientMonitor order plus the report socket.
@Suite struct NannyLaunchTests {
    func launch(
        _ keys: String = "", globals: String = "network = nat\nnat_router = 10.0.1.254 eth1:1",
        settings: NannyLaunchSettings = NannyLaunchSettings(defaultExecutable: "/usr/sbin/nanny"), server: String = ""
    ) -> NannyLaunch {
        let configuration = config(
            """
            primary = 192.0.2.1
            \(globals)
            virtual www {
                active = 1
                address = 192.0.2.10 eth0:1
            \(keys)
                server rs1 {
                    address = 10.0.1.10
                    active = 1
                    weight = 7
            \(server)
                }
            }
            """)
        let desired = DesiredTable(configuration: configuration)
        return NannyLaunch(
            server: desired.services[0].servers[0], of: desired.services[0], configuration: configuration,
            settings: settings)
    }

    @Test func defaultsGivePiranhasVector() {
        let l = launch()
        #expect(l.executable == "/usr/sbin/nanny")
        #expect(
            l.arguments == [
                "-c", "-h", "10.0.1.10", "-p", "80", "-r", "80", "-a", "180", "-I", "/sbin/ipvsadm", "-t", "10", "-w",
                "7",
                "-V", "192.0.2.10", "-M", "m", "--lvs", "--report-fd", "3",
            ])
        #expect(l.weight == 7)
    }

    @Test func everyCheckKeyInItsPlace() {
        let l = launch(
            """
                port = 8080
                protocol = udp
                fwmark = 5
                send_program = "/usr/local/bin/check %h %p"
                send = "GET / HTTP/1.0\\r\\n\\r\\n"
                expect = "HTTP/1\\.[01] 200"
                use_regex = 1
                quiesce_server = 1
                timeout = 3
                reentry = 30
                load_monitor = ruptime
            """, globals: "network = direct\nipvsadm = /usr/sbin/ipvsadm", server: "port = 9090")
        #expect(
            l.arguments == [
                "-c", "-h", "10.0.1.10", "-p", "8080", "-r", "9090", "-f", "5", "-u",
                "-e", "/usr/local/bin/check %h %p", "-s", "GET / HTTP/1.0\\r\\n\\r\\n", "-x", "HTTP/1\\.[01] 200", "-q",
                "--regex",
                "-a", "30", "-I", "/usr/sbin/ipvsadm", "-t", "3", "-w", "7", "-V", "192.0.2.10", "-M", "g", "-U",
                "ruptime",
                "--lvs", "--report-fd", "3",
            ])
    }

    @Test func uptimeLoadMonitorUsesTheRshCommand() {
        #expect(
            launch("load_monitor = uptime", globals: "rsh_command = ssh").arguments.suffix(7) == [
                "-M", "m", "-U", "ssh", "--lvs", "--report-fd", "3",
            ])
        #expect(
            launch("load_monitor = uptime").arguments.suffix(7) == [
                "-M", "m", "-U", "rsh", "--lvs", "--report-fd", "3",
            ])
        #expect(!launch().arguments.contains("-U"))
    }

    @Test func tunnelIsI() {
        #expect(launch(globals: "network = tunnel").arguments.contains { $0 == "i" })
    }

    @Test func clientMonitorReplacesTheProgram() {
        #expect(launch("client_monitor = /opt/checks/nanny").executable == "/opt/checks/nanny")
    }

    @Test func lvsdModesArePassedOn() {
        let l = launch(
            settings: NannyLaunchSettings(
                defaultExecutable: "/x/nanny", verbose: true, foreground: true, reportDescriptor: 3,
                logSocket: "/tmp/log"))
        #expect(l.executable == "/x/nanny")
        #expect(l.arguments.contains("-v"))
        #expect(l.arguments.suffix(6) == ["--nodaemon", "--lvs", "--report-fd", "3", "--log-socket", "/tmp/log"])
    }

    @Test func ourNannyParsesTheVectorBackToTheSameSettings() throws {
        let l = launch(
            """
                port = 8080
                send = "HELLO"
                expect = "OK"
                timeout = 3
                reentry = 30
                quiesce_server = 1
            """, server: "port = 9090")
        guard case .run(let options) = try NannyCommandLine.parse(l.arguments) else {
            Issue.record("nanny did not accept \(l.arguments)")
            return
        }
        #expect(options.server == IPAddress("10.0.1.10"))
        #expect(options.port == 8080)
        #expect(options.checkedPort == 9090)
        #expect(options.interval == .seconds(3))
        #expect(options.reentry == .seconds(30))
        #expect(options.weight == 7)
        #expect(options.send == "HELLO")
        #expect(options.expect == "OK")
        #expect(options.quiesce)
        #expect(options.reportDescriptor == 3)
        #expect(options.virtualAddress == IPAddress("192.0.2.10"))
        #expect(options.method == .masquerading)
    }

    @Test func checkIdentityIgnoresWhatLvsdAppliesItself() {
        let base = launch()
        #expect(launch(server: "weight = 9").checkIdentity == base.checkIdentity)
        #expect(launch("quiesce_server = 1").checkIdentity == base.checkIdentity)
        #expect(launch(globals: "network = direct").checkIdentity == base.checkIdentity)
        #expect(launch("timeout = 3").checkIdentity != base.checkIdentity)
        #expect(launch("expect = \"HTTP\"").checkIdentity != base.checkIdentity)
        #expect(launch("client_monitor = /opt/nanny").checkIdentity != base.checkIdentity)
    }
}
