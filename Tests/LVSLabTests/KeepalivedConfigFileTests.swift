import Foundation
import LVSLab
import LVSTestKit
import Testing

/// The keepalived.conf the failover benchmark compares pulse with: the lab's lvs.cf in keepalived's
/// words, and a file keepalived 2.2.7 itself accepts.
struct KeepalivedConfigFileTests {
    @Test func theDemoLabInKeepalivedsWords() {
        var plan = LabPlan.demo()
        plan.keepalive = "0.5"
        let text = KeepalivedConfigFile(plan: plan, role: .backup, priority: 100).text
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for expected in [
            "vrrp_version 3", "state BACKUP", "interface eth0", "virtual_router_id 51", "priority 100",
            "advert_int 0.5",
            "10.0.0.100/24 dev eth0 label eth0:1", "10.0.0.101/24 dev eth0 label eth0:2",
            "10.0.1.254/24 dev eth2 label eth2:1",
            "virtual_server 10.0.0.100 80 {", "virtual_server 10.0.0.101 80 {", "lb_algo rr", "lb_algo wlc",
            "persistence_timeout 60", "delay_loop 1", "connect_timeout 1",
        ] {
            #expect(lines.contains(expected), "no line '\(expected)'")
        }
        #expect(lines.filter { $0 == "lb_kind NAT" }.count == 2)
        #expect(lines.filter { $0.hasPrefix("real_server ") }.count == 6)
        #expect(lines.filter { $0 == "persistence_timeout 60" }.count == 1, "only app is persistent")
        #expect(text.filter { $0 == "{" }.count == text.filter { $0 == "}" }.count)
        #expect(KeepalivedConfigFile.defaultPriority(of: .primary) > KeepalivedConfigFile.defaultPriority(of: .backup))
    }

    @Test(.enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
    func keepalivedAcceptsTheFile() throws {
        // In a namespace with the lab's interfaces: keepalived checks that they exist.
        let lab = try NetworkLab(tag: "kac")
        defer { lab.tearDown() }
        let host = try lab.namespace("d")
        for device in ["eth0", "eth1", "eth2"] {
            try host.runChecked(["ip", "link", "add", device, "type", "veth", "peer", "name", device + "p"])
        }
        let path = "/tmp/lvslab-keepalived-\(getpid()).conf"
        defer { unlink(path) }
        let text = KeepalivedConfigFile(plan: .demo(), role: .primary, priority: 150).text
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try host.run(["keepalived", "--config-test", "-f", path], timeout: .seconds(30))
        #expect(result.exitCode == 0, "\(result.output)\(result.error)")
        #expect(!(result.output + result.error).contains("Unknown keyword"))
    }
}
