@testable import LVSLab
@testable import LVSTestKit
import Testing

/// The lab's networks for a plan (``NetworkTopology/init(plan:)``).
struct NetworkTopologyPlanTests {
    @Test func theDemoHasThreeBridgesAndRealServersBehindNATRouter() {
        let topology = NetworkTopology(plan: .demo())
        #expect(topology.bridges == ["public", "private", "servers"])
        #expect(topology.hosts.map(\.name) == ["client", "primary", "backup", "rs1", "rs2", "rs3"])
        let primary = topology.host("primary")!
        #expect(
            primary.interfaces.map { "\($0.name)@\($0.bridge) \($0.addresses)" } == [
                "eth0@public [\"10.0.0.1/24\"]", "eth1@private [\"10.0.9.1/24\"]", "eth2@servers [\"10.0.1.1/24\"]",
            ])
        #expect(primary.sysctls.map { "\($0.key)=\($0.value)" } == ["net/ipv4/ip_forward=1"])
        #expect(primary.trafficControl.isEmpty)
        let server = topology.host("rs2")!
        #expect(server.interfaces.map(\.bridge) == ["servers"])
        #expect(server.interfaces[0].addresses == ["10.0.1.12/24"])
        #expect(server.routes == ["default via 10.0.1.254"])
        #expect(server.loopbackAddresses.isEmpty)
        #expect(topology.host("client")!.interfaces[0].addresses == ["10.0.0.9/24"])
    }

    @Test func directRoutingServersSitBesideTheDirectorWithTheVIPsOnLoopbackAndARPSuppressed() {
        let plan = LabPlan(
            tag: "dr", forwarding: .direct, hasBackup: false, realServerCount: 2,
            services: [
                LabService(name: "web", vip: "10.0.0.100", device: "eth0:1", members: [.init("rs1"), .init("rs2")]),
                LabService(
                    name: "marked", vip: "10.0.0.101", device: "eth0:2", firewallMark: 5, members: [.init("rs1")]),
            ])
        let topology = NetworkTopology(plan: plan)
        #expect(topology.bridges == ["public"])
        #expect(topology.hosts.map(\.name) == ["client", "primary", "rs1", "rs2"])
        let server = topology.host("rs1")!
        #expect(server.interfaces[0].bridge == "public")
        #expect(server.interfaces[0].addresses == ["10.0.0.11/24"])
        #expect(server.routes.isEmpty)
        #expect(server.loopbackAddresses == ["10.0.0.100/32", "10.0.0.101/32"])
        #expect(
            Set(server.sysctls.map { "\($0.key)=\($0.value)" }) == [
                "net/ipv4/conf/all/arp_ignore=1", "net/ipv4/conf/all/arp_announce=2",
                "net/ipv4/conf/eth0/arp_ignore=1", "net/ipv4/conf/eth0/arp_announce=2",
            ])
        #expect(
            topology.host("primary")!.trafficControl == [
                "qdisc add dev eth0 ingress",
                "filter add dev eth0 parent ffff: protocol ip flower dst_ip 10.0.0.101 ip_proto tcp dst_port 80 action skbedit mark 5",
            ])
    }
}

/// The `ip -batch` lines the lab runs: every veth end straight in its namespace, ports on their
/// bridges, addresses before routes.
struct NetworkTopologyBatchTests {
    private let topology = NetworkTopology(plan: .demo())

    @Test func theRootBatchCreatesNamespacesAndVethPairsInPlace() {
        let lines = topology.rootBatch(prefix: "P", hosts: ["client", "rs1"], withSwitches: true)
        #expect(
            lines == [
                "netns add P-sw-public", "netns add P-sw-private", "netns add P-sw-servers",
                "netns add P-client",
                "link add eth0 netns P-client type veth peer name client-eth0 netns P-sw-public",
                "netns add P-rs1",
                "link add eth0 netns P-rs1 type veth peer name rs1-eth0 netns P-sw-servers",
            ])
    }

    @Test func recreatingOneDirectorTouchesOnlyItAndItsPorts() {
        #expect(
            topology.rootBatch(prefix: "P", hosts: ["primary"], withSwitches: false) == [
                "netns add P-primary",
                "link add eth0 netns P-primary type veth peer name primary-eth0 netns P-sw-public",
                "link add eth1 netns P-primary type veth peer name primary-eth1 netns P-sw-private",
                "link add eth2 netns P-primary type veth peer name primary-eth2 netns P-sw-servers",
            ])
        #expect(
            topology.switchBatch("servers", hosts: ["primary"], create: false) == [
                "link set primary-eth2 master br0 up"
            ])
        #expect(
            topology.switchBatch("private", hosts: ["primary", "backup", "rs1"], create: true) == [
                "link set lo up", "link add br0 type bridge forward_delay 0", "link set br0 up",
                "link set primary-eth1 master br0 up", "link set backup-eth1 master br0 up",
            ])
    }

    @Test func aRealServerGetsItsAddressBeforeItsRoute() {
        #expect(
            topology.hostBatch(topology.host("rs3")!) == [
                "link set lo up", "addr add 10.0.1.13/24 dev eth0", "link set eth0 up",
                "route add default via 10.0.1.254",
            ])
    }
}
