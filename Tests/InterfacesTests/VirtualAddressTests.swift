import Addressing
import Interfaces
import Testing

@Suite struct VirtualAddressTests {
    @Test func piranhaAliasNamesTheDeviceBeforeTheColon() throws {
        let label = try InterfaceLabel("eth0:1")
        #expect(label.device == "eth0" && label.label == "eth0:1" && label.isAlias)
        let plain = try InterfaceLabel("bond0.100")
        #expect(plain.device == "bond0.100" && !plain.isAlias)
    }

    @Test(arguments: ["", ":1", "eth0:", "eth0 1", "eth0/1", "averyveryverylongname0"])
    func badLabelsAreRefusedByName(_ text: String) {
        #expect {
            try InterfaceLabel(text)
        } throws: { error in
            (error as? InterfaceError)?.description.hasPrefix("interface \"\(text)\": ") == true
        }
    }

    @Test func broadcastDefaultsToPiranhasFormula() throws {
        let vip = VirtualAddress(
            IPv4Address(192, 0, 2, 10), netmask: IPv4Netmask(prefixLength: 24)!, interface: try InterfaceLabel("eth0:1")
        )
        #expect(vip.broadcast == IPv4Address(192, 0, 2, 255))
        #expect(vip.cidr == "192.0.2.10/24")
        #expect(vip.description == "192.0.2.10/24 on eth0:1")
        let host = VirtualAddress(
            IPv4Address(192, 0, 2, 10), netmask: IPv4Netmask(prefixLength: 32)!, interface: try InterfaceLabel("eth0"))
        #expect(host.broadcast == nil)
        let explicit = VirtualAddress(
            IPv4Address(10, 1, 1, 1), netmask: IPv4Netmask(prefixLength: 8)!, interface: try InterfaceLabel("eth1"),
            broadcast: .some(nil))
        #expect(explicit.broadcast == nil)
    }

    @Test func ipv6PrefixIsChecked() throws {
        #expect(throws: InterfaceError.self) {
            try VirtualAddress(IPv6Address("2001:db8::1")!, prefixLength: 129, interface: try InterfaceLabel("eth0"))
        }
        let vip = try VirtualAddress(
            IPv6Address("2001:db8::1")!, prefixLength: 64, interface: try InterfaceLabel("eth0"))
        #expect(vip.broadcast == nil && vip.cidr == "2001:db8::1/64")
    }

    @Test func linkIsOperationalOnlyWhenUpWithCarrier() {
        var link = LinkStatus(
            name: "eth0", index: 2, macAddress: nil, isUp: true, hasCarrier: true, operationalState: .up)
        #expect(link.isOperational)
        link.operationalState = .unknown
        #expect(link.isOperational)
        link.hasCarrier = false
        #expect(!link.isOperational)
        link.hasCarrier = true
        link.operationalState = .lowerLayerDown
        #expect(!link.isOperational)
        link.operationalState = .up
        link.isUp = false
        #expect(!link.isOperational)
    }

    @Test func errorsNameOperationAndCause() {
        let error = InterfaceError(
            "adding 192.0.2.10/24 (label eth0:1) to eth0", .permissionDenied(capability: "CAP_NET_ADMIN"))
        #expect(
            error.description
                == "adding 192.0.2.10/24 (label eth0:1) to eth0: operation not permitted (CAP_NET_ADMIN is needed; run as root)"
        )
    }
}
