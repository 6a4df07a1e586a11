import Addressing
import Testing

@Suite struct IPv4AddressTests {
    @Test func strictDottedQuad() {
        #expect(IPv4Address("10.0.0.1")?.value == 0x0A00_0001)
        #expect(IPv4Address("255.255.255.255")?.value == UInt32.max)
        for bad in [
            "", "10.0.0", "10.0.0.1.", "256.0.0.1", "1.2.3.4.5", "0x0a.0.0.1", "1..2.3", "a.b.c.d", " 1.2.3.4",
            "1234.1.1.1",
        ] {
            #expect(IPv4Address(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test func inetAtonForms() {
        #expect(IPv4Address(inetAton: "10.1")?.description == "10.0.0.1")
        #expect(IPv4Address(inetAton: "0x0a000001")?.description == "10.0.0.1")
        #expect(IPv4Address(inetAton: "012.0.0.1")?.description == "10.0.0.1")
        #expect(IPv4Address(inetAton: "nope") == nil)
    }

    @Test func bytesRoundTrip() {
        let a = IPv4Address(192, 0, 2, 10)
        #expect(a.bytes == [192, 0, 2, 10])
        #expect(IPv4Address(bytes: a.bytes) == a)
        #expect(a.description == "192.0.2.10")
        #expect(IPv4Address(224, 0, 0, 18).isMulticast)
    }
}

@Suite struct IPv6AddressTests {
    @Test func printsLikeInetNtop() {
        let cases = [
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("0:0:0:0:0:0:0:1", "::1"),
            ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
            ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
            ("FE80::1", "fe80::1"),
        ]
        for (input, expected) in cases {
            #expect(IPv6Address(input)?.description == expected)
        }
    }

    @Test func bytesRoundTrip() throws {
        let a = try #require(IPv6Address("2001:db8::10"))
        #expect(a.bytes.count == 16)
        #expect(IPv6Address(bytes: a.bytes) == a)
        #expect(IPAddress(bytes: a.bytes) == .v6(a))
        #expect(IPv6Address("[::1]") == nil)
        #expect(IPv6Address("ff02::12")?.isMulticast == true)
        #expect(IPv6Address("fe80::98e5:b7ff:fe1e:f823")?.isLinkLocal == true)
        #expect(IPv6Address("febf::1")?.isLinkLocal == true)
        #expect(IPv6Address("fec0::1")?.isLinkLocal == false)
        #expect(IPAddress("2001:db8::1")?.isIPv6LinkLocal == false)
        #expect(IPAddress("169.254.0.1")?.isIPv6LinkLocal == false)
    }
}

@Suite struct IPAddressTests {
    @Test func familiesAndBrackets() {
        #expect(IPAddress("10.0.0.1")?.family == .inet)
        #expect(IPAddress("2001:db8::1")?.family == .inet6)
        #expect(IPAddress("2001:db8::1")?.bracketedDescription == "[2001:db8::1]")
        #expect(IPAddress("10.0.0.1")?.bracketedDescription == "10.0.0.1")
        #expect(IPAddress("host.example") == nil)
        #expect(IPAddress("10.0.0.1")! < IPAddress("::1")!)
    }
}

@Suite struct MACAddressTests {
    @Test func parsesEveryForm() {
        let expected: [UInt8] = [0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f]
        #expect(MACAddress("0a:1b:2c:3d:4e:5f")?.bytes == expected)
        #expect(MACAddress("0A-1B-2C-3D-4E-5F")?.bytes == expected)
        #expect(MACAddress("0A1B2C3D4E5F")?.bytes == expected)
        #expect(MACAddress("0A1B2C3D4E5F")?.description == "0a:1b:2c:3d:4e:5f")
        for bad in ["", "0a:1b:2c:3d:4e", "0a1b2c3d4e5g", "0a:1b:2c:3d:4e5f:", "a:1b:2c:3d:4e:5f0"] {
            #expect(MACAddress(bad) == nil, "\(bad) should not parse")
        }
    }
}

@Suite struct IPv4NetmaskTests {
    @Test func contiguousOnly() {
        #expect(IPv4Netmask(IPv4Address(255, 255, 255, 0))?.prefixLength == 24)
        #expect(IPv4Netmask(IPv4Address(255, 255, 255, 255))?.prefixLength == 32)
        #expect(IPv4Netmask(IPv4Address(0, 0, 0, 0))?.prefixLength == 0)
        #expect(IPv4Netmask(IPv4Address(255, 0, 255, 0)) == nil)
        #expect(IPv4Netmask(prefixLength: 33) == nil)
        let mask = IPv4Netmask(prefixLength: 24)!
        #expect(mask.broadcast(of: IPv4Address(10, 0, 1, 254)).description == "10.0.1.255")
    }
}
