import LVSTestKit
import Testing

/// A lab built from a ``NetworkTopology`` at once (the end-to-end lab's way), a host of it
/// destroyed as a power cut would and built again.
@Suite(.enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct NetworkLabTopologyTests {
    static let topology: NetworkTopology = {
        var b = NetworkTopology.Host(
            name: "b", interfaces: [NetworkTopology.Interface(name: "eth0", bridge: "lan", addresses: ["10.79.0.2/24"])]
        )
        b.routes = ["default via 10.79.0.1"]
        b.sysctls = [NetworkTopology.Sysctl(key: "net/ipv4/ip_forward", value: "1")]
        let a = NetworkTopology.Host(
            name: "a", interfaces: [NetworkTopology.Interface(name: "eth0", bridge: "lan", addresses: ["10.79.0.1/24"])]
        )
        return NetworkTopology(bridges: ["lan"], hosts: [a, b])
    }()

    func namespaces() throws -> String { try TestProcess.run("ip", ["netns", "list"]).output }

    @Test func aTopologyIsBuiltAndAHostDestroyedAndRecreated() throws {
        let lab = try NetworkLab(tag: "kit", topology: Self.topology)
        let b = lab["b"]
        #expect(try b.runChecked(["ip", "-o", "-4", "addr", "show", "dev", "eth0"]).contains("10.79.0.2/24"))
        #expect(try b.runChecked(["ip", "route", "show", "default"]).contains("via 10.79.0.1"))
        #expect(try b.runChecked(["cat", "/proc/sys/net/ipv4/ip_forward"]) == "1\n")
        // b answers a across the bridge.
        let server = try b.start(["socat", "-u", "TCP-LISTEN:7008,bind=10.79.0.2,reuseaddr", "STDOUT"])
        defer { server.kill() }
        let sent = eventually(within: .seconds(5)) {
            (try? lab["a"].run(
                ["socat", "-u", "STDIN", "TCP:10.79.0.2:7008,connect-timeout=1"], standardInput: Array("hi\n".utf8),
                timeout: .seconds(5)))?.exitCode == 0
        }
        #expect(sent)

        let sleeper = try b.start(["sleep", "30"])
        try lab.destroy("b")
        #expect(!(try namespaces().contains(b.name)))
        #expect(eventually { !sleeper.isRunning }, "a process of the destroyed host still runs")

        try lab.recreate("b")
        #expect(try b.runChecked(["ip", "-o", "-4", "addr", "show", "dev", "eth0"]).contains("10.79.0.2/24"))
        #expect(try b.runChecked(["cat", "/proc/sys/net/ipv4/ip_forward"]) == "1\n")
        lab.tearDown()
        #expect(!(try namespaces().contains(lab.prefix + "-")))
    }

    @Test func aBridgePortNameTheKernelWouldRefuseIsAnErrorBeforeAnythingIsMade() throws {
        let host = NetworkTopology.Host(
            name: "averylonghostname", interfaces: [NetworkTopology.Interface(name: "eth0", bridge: "lan")])
        #expect(throws: LabError.self) {
            _ = try NetworkLab(tag: "kit", topology: NetworkTopology(bridges: ["lan"], hosts: [host]))
        }
    }
}
