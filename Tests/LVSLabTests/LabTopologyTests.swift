import LVSLab
import Testing

struct LabTopologyTests {
    @Test func theDemoHasThreeBridgesAndRealServersBehindNATRouter() {
        let topology = LabTopology(plan: .demo())
        #expect(topology.bridges == ["public", "private", "servers"])
        #expect(topology.hosts.map(\.name) == ["client", "primary", "backup", "rs1", "rs2", "rs3"])
        let primary = topology.host("primary")!
        #expect(primary.interfaces.map { "\($0.name)@\($0.bridge) \($0.addresses)" } == [
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
                LabService(name: "marked", vip: "10.0.0.101", device: "eth0:2", firewallMark: 5, members: [.init("rs1")]),
            ])
        let topology = LabTopology(plan: plan)
        #expect(topology.bridges == ["public"])
        #expect(topology.hosts.map(\.name) == ["client", "primary", "rs1", "rs2"])
        let server = topology.host("rs1")!
        #expect(server.interfaces[0].bridge == "public")
        #expect(server.interfaces[0].addresses == ["10.0.0.11/24"])
        #expect(server.routes.isEmpty)
        #expect(server.loopbackAddresses == ["10.0.0.100/32", "10.0.0.101/32"])
        #expect(Set(server.sysctls.map { "\($0.key)=\($0.value)" }) == [
            "net/ipv4/conf/all/arp_ignore=1", "net/ipv4/conf/all/arp_announce=2",
            "net/ipv4/conf/eth0/arp_ignore=1", "net/ipv4/conf/eth0/arp_announce=2",
        ])
        #expect(topology.host("primary")!.trafficControl == [
            "qdisc add dev eth0 ingress",
            "filter add dev eth0 parent ffff: protocol ip flower dst_ip 10.0.0.101 ip_proto tcp dst_port 80 action skbedit mark 5",
        ])
    }
}
