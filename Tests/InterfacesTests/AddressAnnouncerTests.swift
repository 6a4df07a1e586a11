import Addressing
import Interfaces
import LVSTestKit
import Testing

/// A VIP moves from one director to another: the library adds it and announces it, and a
/// neighbour's table follows. Three namespaces on a bridge: `a` (new owner), `b` (neighbour, e.g.
/// the router), `c` (old owner).
@Suite(.enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct AddressAnnouncerTests {
    struct Lab {
        let lab: NetworkLab
        let a: NetworkNamespace, b: NetworkNamespace, c: NetworkNamespace

        init(subnet: Int) throws {
            lab = try NetworkLab(tag: "hb")
            let sw = try lab.bridge("br0")
            a = try lab.namespace("a")
            b = try lab.namespace("b")
            c = try lab.namespace("c")
            for (i, ns) in [a, b, c].enumerated() {
                try lab.connect(ns, to: sw, addresses: ["10.61.\(subnet).\(i + 1)/24"])
                try ns.runChecked(["ip", "addr", "add", "2001:db8:61:\(subnet)::\(i + 1)/64", "dev", "eth0", "nodad"])
            }
        }
    }

    @Test(arguments: AddressAnnouncer.ARPForm.allCases)
    func neighbourFollowsAnIPv4VIPToItsNewOwner(form: AddressAnnouncer.ARPForm) throws {
        let subnet = 10 + AddressAnnouncer.ARPForm.allCases.firstIndex(of: form)!
        let lab = try Lab(subnet: subnet)
        let vipText = "10.61.\(subnet).100"
        try lab.c.runChecked(["ip", "addr", "add", "\(vipText)/24", "dev", "eth0"])
        try lab.b.poke(vipText)
        let oldMAC = try lab.c.macAddress(of: "eth0")
        #expect(try eventually { try lab.b.neighbourMAC(of: vipText) == oldMAC })

        // The move: the old owner lets go, the new one adds the VIP and announces it.
        try lab.c.runChecked(["ip", "addr", "del", "\(vipText)/24", "dev", "eth0"])
        let vip = VirtualAddress(
            IPv4Address(vipText)!, netmask: IPv4Netmask(prefixLength: 24)!, interface: try InterfaceLabel("eth0:1"))
        try inside(lab.a) {
            let route = try RouteNetlinkSocket()
            try route.add(vip)
            try AddressAnnouncer(device: "eth0", routeSocket: route, arpForm: form).announce(vip.address)
        }
        let newMAC = try lab.a.macAddress(of: "eth0")
        #expect(try eventually { try lab.b.neighbourMAC(of: vipText) == newMAC }, "\(form)")
    }

    @Test func neighbourFollowsAnIPv6VIPAfterAnUnsolicitedAdvertisement() throws {
        let lab = try Lab(subnet: 20)
        let vipText = "2001:db8:61:20::100"
        try lab.c.runChecked(["ip", "addr", "add", "\(vipText)/64", "dev", "eth0", "nodad"])
        try lab.b.poke(vipText)
        let oldMAC = try lab.c.macAddress(of: "eth0")
        #expect(try eventually { try lab.b.neighbourMAC(of: vipText) == oldMAC })

        try lab.c.runChecked(["ip", "addr", "del", "\(vipText)/64", "dev", "eth0"])
        let vip = try VirtualAddress(IPv6Address(vipText)!, prefixLength: 64, interface: try InterfaceLabel("eth0"))
        try inside(lab.a) {
            let route = try RouteNetlinkSocket()
            try route.add(vip)
            try AddressAnnouncer(device: "eth0", routeSocket: route).announce(vip.address)
        }
        let newMAC = try lab.a.macAddress(of: "eth0")
        #expect(try eventually { try lab.b.neighbourMAC(of: vipText) == newMAC })
    }

    @Test func neighbourWithArpAcceptLearnsANewVIP() throws {
        let lab = try Lab(subnet: 30)
        try lab.b.runChecked(["sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_accept=1"])
        #expect(try lab.b.neighbourMAC(of: "10.61.30.100") == nil)
        try inside(lab.a) {
            let route = try RouteNetlinkSocket()
            try AddressAnnouncer(device: "eth0", routeSocket: route, arpForm: .request)
                .announce(.v4(IPv4Address(10, 61, 30, 100)))
        }
        let mac = try lab.a.macAddress(of: "eth0")
        #expect(try eventually { try lab.b.neighbourMAC(of: "10.61.30.100") == mac })
    }

    @Test func sendingOnALinkThatIsDownIsAClearError() throws {
        let lab = try Lab(subnet: 40)
        try lab.a.runChecked(["ip", "link", "set", "eth0", "down"])
        #expect {
            try inside(lab.a) {
                try AddressAnnouncer(device: "eth0", macAddress: MACAddress("020000000001")!)
                    .announce(.v4(IPv4Address(10, 61, 40, 100)))
            }
        } throws: { error in
            "\(error)" == "sending a 60-byte frame on eth0: sendto: Network is down"
        }
    }
}
