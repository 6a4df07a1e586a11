import Addressing
import Interfaces
import LVSTestKit
import Testing

/// The library against the host kernel, in namespaces made for the test.
@Suite(.enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct RouteNetlinkSocketTests {
    @Test func addsAndRemovesAnIPv4VIPWithItsLabelIdempotently() throws {
        let lab = try NetworkLab(tag: "hb")
        let a = try lab.namespace("a")
        let b = try lab.namespace("b")
        try lab.connect(a, "eth0", addresses: ["10.61.0.1/24"], to: b, "eth0", addresses: ["10.61.0.2/24"])
        let vip = VirtualAddress(
            IPv4Address(10, 61, 0, 100), netmask: IPv4Netmask(prefixLength: 24)!,
            interface: try InterfaceLabel("eth0:1"))
        let socket = try inside(a) { try RouteNetlinkSocket() }

        #expect(try socket.add(vip) == .changed)
        var shown = try a.runChecked(["ip", "-o", "-4", "addr", "show", "dev", "eth0"])
        #expect(shown.contains("inet 10.61.0.100/24 brd 10.61.0.255 scope global secondary eth0:1"), "\(shown)")
        #expect(try socket.add(vip) == .unchanged)
        let listed = try socket.addresses(on: "eth0")
        #expect(listed.map(\.description) == ["10.61.0.1/24 (eth0)", "10.61.0.100/24 (eth0:1)"] || listed.count > 2)
        #expect(listed.first { $0.address == vip.address }?.broadcast == IPv4Address(10, 61, 0, 255))

        #expect(try socket.remove(vip) == .changed)
        shown = try a.runChecked(["ip", "-o", "-4", "addr", "show", "dev", "eth0"])
        #expect(!shown.contains("10.61.0.100"))
        #expect(try socket.remove(vip) == .unchanged)
    }

    @Test func removesTheAddressWhateverPrefixItWasAddedWith() throws {
        let lab = try NetworkLab(tag: "hb")
        let a = try lab.namespace("a")
        let b = try lab.namespace("b")
        try lab.connect(a, "eth0", addresses: ["10.61.1.1/24"], to: b, "eth0")
        try a.runChecked(["ip", "addr", "add", "10.61.1.100/32", "dev", "eth0"])
        let vip = VirtualAddress(
            IPv4Address(10, 61, 1, 100), netmask: IPv4Netmask(prefixLength: 24)!, interface: try InterfaceLabel("eth0"))
        let socket = try inside(a) { try RouteNetlinkSocket() }
        #expect(try socket.remove(vip) == .changed)
        #expect(!(try a.runChecked(["ip", "-o", "addr"])).contains("10.61.1.100"))
    }

    @Test func addsAnIPv6VIPWithoutDuplicateAddressDetection() throws {
        let lab = try NetworkLab(tag: "hb")
        let a = try lab.namespace("a")
        let b = try lab.namespace("b")
        try lab.connect(a, "eth0", to: b, "eth0")
        let vip = try VirtualAddress(
            IPv6Address("2001:db8:61::100")!, prefixLength: 64, interface: try InterfaceLabel("eth0"))
        let socket = try inside(a) { try RouteNetlinkSocket() }
        #expect(try socket.add(vip) == .changed)
        let shown = try a.runChecked(["ip", "-o", "-6", "addr", "show", "dev", "eth0"])
        let line = shown.split(separator: "\n").first { $0.contains("2001:db8:61::100/64") }
        #expect(line != nil, "\(shown)")
        #expect(line?.contains("nodad") == true)
        #expect(line?.contains("tentative") == false)
        #expect(try socket.add(vip) == .unchanged)
        #expect(try socket.remove(vip) == .changed)
        #expect(try socket.remove(vip) == .unchanged)
    }

    @Test func findsTheInterfaceHoldingAnAddress() throws {
        let lab = try NetworkLab(tag: "hb")
        let a = try lab.namespace("a")
        let b = try lab.namespace("b")
        try lab.connect(a, "eth0", addresses: ["10.61.3.1/24"], to: b, "eth0")
        try lab.connect(a, "eth1", addresses: ["192.168.61.1/24"], to: b, "eth1")
        let socket = try inside(a) { try RouteNetlinkSocket() }
        #expect(try socket.interface(holding: IPAddress("10.61.3.1")!) == "eth0")
        #expect(try socket.interface(holding: IPAddress("192.168.61.1")!) == "eth1")
        #expect(try socket.interface(holding: IPAddress("127.0.0.1")!) == "lo")
        #expect(try socket.interface(holding: IPAddress("10.61.3.2")!) == nil)
    }

    @Test func unknownDeviceIsAClearError() throws {
        let lab = try NetworkLab(tag: "hb")
        let a = try lab.namespace("a")
        let socket = try inside(a) { try RouteNetlinkSocket() }
        let vip = VirtualAddress(
            IPv4Address(10, 61, 2, 100), netmask: IPv4Netmask(prefixLength: 24)!,
            interface: try InterfaceLabel("eth7:1"))
        #expect {
            try socket.add(vip)
        } throws: { error in
            "\(error)" == "adding 10.61.2.100/24 (label eth7:1) to eth7: no such interface"
        }
        // Removing from a device that does not exist: the address is not there, done.
        #expect(try socket.remove(vip) == .unchanged)
        #expect(throws: InterfaceError("reading the state of eth7", .noSuchDevice)) { try socket.link(named: "eth7") }
    }

    @Test func linkDownAndLostCarrierAreDetected() throws {
        let lab = try NetworkLab(tag: "hb")
        let a = try lab.namespace("a")
        let b = try lab.namespace("b")
        try lab.connect(a, "eth0", to: b, "eth0")
        let socket = try inside(a) { try RouteNetlinkSocket() }
        let up = try socket.link(named: "eth0")
        #expect(up.isOperational, "\(up)")
        #expect(up.macAddress?.description == (try a.macAddress(of: "eth0")))
        // The far end goes down: carrier lost.
        try b.runChecked(["ip", "link", "set", "eth0", "down"])
        let noCarrier = try socket.link(named: "eth0")
        #expect(noCarrier.isUp && !noCarrier.hasCarrier && !noCarrier.isOperational, "\(noCarrier)")
        #expect(noCarrier.operationalState != .up)  // "lower layer down" or "down", once linkwatch runs
        try b.runChecked(["ip", "link", "set", "eth0", "up"])
        #expect(try eventually { try socket.link(named: "eth0").isOperational })
        // This end set down by an admin.
        try a.runChecked(["ip", "link", "set", "eth0", "down"])
        let down = try socket.link(named: "eth0")
        #expect(!down.isUp && !down.isOperational)
        #expect(down.description == "eth0: down, no carrier, operstate down")
    }
}
