import Addressing
import Interfaces
import LVSTestKit
import Testing

/// The built `send_arp`, run as a process.
@Suite struct SendARPTests {
    static var sendARP: String { TestEnvironment.product("send_arp") }

    static let usage =
        "usage: send_arp [-i dev] src_ip_addr src_hw_addr targ_ip_addr targ_hw_addr | send_arp -i dev ip_addr"

    static let badArguments: [([String], String)] = [
        ([], "send_arp: 0 arguments given; \(usage)"),
        (["-i"], "send_arp: -i needs a device name"),
        (["-i", "-x", "10.0.0.1"], "send_arp: -i needs a device name, got \"-x\""),
        (["-i", "eth0"], "send_arp: 2 arguments given; \(usage)"),
        (["10.0.0.1"], "send_arp: 1 argument given; \(usage)"),
        (
            ["-v", "10.0.0.1", "001122334455", "10.0.0.255", "ffffffffffff"],
            "send_arp: unknown option \"-v\"; \(usage)"
        ),
        (
            ["10.0.0.300", "001122334455", "10.0.0.255", "ffffffffffff"],
            "send_arp: bad src_ip_addr \"10.0.0.300\": not an IPv4 address, nor a host name that resolves"
        ),
        (
            ["10.0.0.1", "0011223344", "10.0.0.255", "ffffffffffff"],
            "send_arp: bad src_hw_addr \"0011223344\": 12 hex digits expected, e.g. 001122aabbcc or 00:11:22:aa:bb:cc"
        ),
        (
            ["10.0.0.1", "001122334455", "not an address", "ffffffffffff"],
            "send_arp: bad targ_ip_addr \"not an address\": not an IPv4 address, nor a host name that resolves"
        ),
        (
            ["-i", "eth0", "10.0.0.1", "001122334455", "10.0.0.255", "fffffffffffg"],
            "send_arp: bad targ_hw_addr \"fffffffffffg\": 12 hex digits expected, e.g. 001122aabbcc or 00:11:22:aa:bb:cc"
        ),
        (["-i", "eth0", "10.0.0.1", "001122334455", "10.0.0.255"], "send_arp: 5 arguments given; \(usage)"),
        (
            ["-i", "eth0", "300.0.0.1"],
            "send_arp: bad ip_addr \"300.0.0.1\": not an IPv4 or IPv6 address, nor a host name that resolves"
        ),
    ]

    @Test(arguments: SendARPTests.badArguments.indices)
    func badArgumentIsOneLineAndExitStatus2(_ index: Int) throws {
        let (arguments, message) = Self.badArguments[index]
        let result = try TestProcess.run(Self.sendARP, arguments, timeout: .seconds(10))
        #expect(result.status == .exited(2), "\(arguments)")
        #expect(result.error == message + "\n", "\(arguments)")
        #expect(result.output.isEmpty)
    }

    @Test func helpShowsBothForms() throws {
        let result = try TestProcess.run(Self.sendARP, ["--help"], timeout: .seconds(10))
        #expect(result.status == .exited(0))
        #expect(result.output.hasPrefix("send_arp: sends out a gratuitous ARP"))
        #expect(result.output.contains(Self.usage))
        #expect(result.output.contains("Needs CAP_NET_RAW"))
    }
}

@Suite(.enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct SendARPHostTests {
    /// `a` sends, `b` watches with tcpdump on the same bridge.
    struct Lab {
        let lab: NetworkLab
        let a: NetworkNamespace, b: NetworkNamespace
        init(subnet: Int) throws {
            lab = try NetworkLab(tag: "hb")
            let sw = try lab.bridge("br0")
            a = try lab.namespace("a")
            b = try lab.namespace("b")
            try lab.connect(a, to: sw, addresses: ["10.61.\(subnet).1/24"])
            try lab.connect(b, to: sw, addresses: ["10.61.\(subnet).2/24"])
        }

        /// Starts tcpdump in `b` for `count` frames matching `filter`, ready when this returns.
        func capture(_ count: Int, _ filter: String) throws -> TestProcess {
            let process = try b.start(["tcpdump", "-l", "-n", "-e", "-xx", "-i", "eth0", "-c", "\(count)", filter])
            let ready = eventually(within: .seconds(10)) { process.standardErrorText.contains("listening on") }
            guard ready else { throw LabError("tcpdump did not start: \(process.standardErrorText)") }
            return process
        }
    }

    /// The frames in tcpdump's `-xx` output.
    static func frames(in output: String) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        for line in output.split(separator: "\n") {
            let text = line.drop { $0 == " " || $0 == "\t" }
            guard text.hasPrefix("0x"), let colon = text.firstIndex(of: ":") else {
                frames.append([])
                continue
            }
            var bytes: [UInt8] = []
            for group in text[text.index(after: colon)...].split(separator: " ") {
                var chars = group[...]
                while chars.count >= 2, let byte = UInt8(chars.prefix(2), radix: 16) {
                    bytes.append(byte)
                    chars = chars.dropFirst(2)
                }
            }
            if frames.isEmpty { frames.append([]) }
            frames[frames.count - 1] += bytes
        }
        return frames.filter { !$0.isEmpty }
    }

    @Test func piranhaFormSendsPiranhasFrameAndTheNeighbourLearnsIt() throws {
        let lab = try Lab(subnet: 50)
        try lab.b.runChecked(["sysctl", "-q", "-w", "net.ipv4.conf.eth0.arp_accept=1"])
        let macText = try lab.a.macAddress(of: "eth0")
        let mac = MACAddress(macText)!
        let tcpdump = try lab.capture(1, "arp")
        defer { tcpdump.kill() }
        // As pulse ran it: 12 upper-case hex digits, the device's broadcast address, ffffffffffff.
        let piranhaMAC = mac.bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined()
        let sent = try lab.a.run(
            [SendARPTests.sendARP, "-i", "eth0", "10.61.50.100", piranhaMAC, "10.61.50.255", "ffffffffffff"])
        #expect(sent.status == .exited(0), "\(sent.error)")
        try tcpdump.wait(timeout: .seconds(10))
        let frames = Self.frames(in: tcpdump.standardOutputText)
        #expect(
            frames == [ARPFrame.gratuitousReply(announcing: IPv4Address(10, 61, 50, 100), from: mac).bytes],
            "\(tcpdump.standardOutputText)")
        #expect(tcpdump.standardOutputText.contains("Reply 10.61.50.100 is-at \(macText)"))
        #expect(try eventually { try lab.b.neighbourMAC(of: "10.61.50.100") == macText })
    }

    @Test func shortFormLooksUpTheMACAndSendsRequestAndReply() throws {
        let lab = try Lab(subnet: 51)
        let mac = MACAddress(try lab.a.macAddress(of: "eth0"))!
        let tcpdump = try lab.capture(2, "arp")
        defer { tcpdump.kill() }
        let sent = try lab.a.run([SendARPTests.sendARP, "-i", "eth0", "10.61.51.100"])
        #expect(sent.status == .exited(0), "\(sent.error)")
        try tcpdump.wait(timeout: .seconds(10))
        let vip = IPv4Address(10, 61, 51, 100)
        #expect(
            Self.frames(in: tcpdump.standardOutputText) == [
                ARPFrame.gratuitousRequest(announcing: vip, from: mac).bytes,
                ARPFrame.gratuitousReply(announcing: vip, from: mac).bytes,
            ])
    }

    @Test func shortFormWithIPv6SendsAnUnsolicitedNeighbourAdvertisement() throws {
        let lab = try Lab(subnet: 52)
        let mac = MACAddress(try lab.a.macAddress(of: "eth0"))!
        let tcpdump = try lab.capture(1, "icmp6 and ip6[40] == 136")
        defer { tcpdump.kill() }
        let sent = try lab.a.run([SendARPTests.sendARP, "-i", "eth0", "2001:db8:61:52::100"])
        #expect(sent.status == .exited(0), "\(sent.error)")
        try tcpdump.wait(timeout: .seconds(10))
        #expect(
            Self.frames(in: tcpdump.standardOutputText)
                == [NeighborAdvertisement(announcing: IPv6Address("2001:db8:61:52::100")!, from: mac).bytes])
        #expect(tcpdump.standardOutputText.contains("neighbor advertisement, tgt is 2001:db8:61:52::100"))
    }

    @Test func withoutCAP_NET_RAWItSaysSo() throws {
        let result = try TestProcess.run(
            "setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", SendARPTests.sendARP, "-i", "lo", "127.0.0.1",
                "000000000000", "127.0.0.1", "ffffffffffff",
            ], timeout: .seconds(10))
        #expect(result.status == .exited(1))
        #expect(
            result.error
                == "send_arp: opening a packet socket on lo: operation not permitted (CAP_NET_RAW is needed; run as root)\n"
        )
    }

    @Test func unknownDeviceFailsWithStatus1() throws {
        let lab = try Lab(subnet: 53)
        let result = try lab.a.run([SendARPTests.sendARP, "-i", "eth9", "10.61.53.100"])
        #expect(result.status == .exited(1))
        #expect(result.error == "send_arp: reading the MAC address of eth9: no such interface\n")
        let piranha = try lab.a.run(
            [SendARPTests.sendARP, "-i", "eth9", "10.61.53.100", "001122334455", "10.61.53.255", "ffffffffffff"])
        #expect(piranha.status == .exited(1))
        #expect(piranha.error == "send_arp: opening a packet socket on eth9: no such interface\n")
    }
}
