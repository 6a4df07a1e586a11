#if canImport(Glibc)
import Glibc
#endif
import Addressing
import LVSTestKit
import Pulse
import Testing

/// Real UDP sockets on loopback (no privileges: high ports).
@Suite struct HeartbeatSocketTests {
    /// A free UDP port on 127.0.0.1 (bound and released).
    func freePort() throws -> UInt16 {
        for _ in 0..<50 {
            let port = UInt16.random(in: 20000...60000)
            if (try? HeartbeatSocket(binding: IPAddress("127.0.0.1")!, port: port)) != nil { return port }
        }
        throw LabError("finding a free UDP port on 127.0.0.1: 50 random ports were all taken")
    }

    @Test func datagramsTravelWithTheirSender() throws {
        let portA = try freePort()
        let a = try HeartbeatSocket(binding: IPAddress("127.0.0.1")!, port: portA)
        let portB = try freePort()
        let b = try HeartbeatSocket(binding: IPAddress("127.0.0.1")!, port: portB)
        #expect(try b.receive() == nil)
        try a.send([1, 2, 3, 4], to: IPAddress("127.0.0.1")!, port: portB)
        try a.send(Array(repeating: 7, count: 72), to: IPAddress("127.0.0.1")!, port: portB)
        var received: [(bytes: [UInt8], source: IPAddress)] = []
        for _ in 0..<200 where received.count < 2 {
            if let datagram = try b.receive() { received.append(datagram) } else { usleep(1000) }
        }
        #expect(received.map(\.bytes) == [[1, 2, 3, 4], Array(repeating: 7, count: 72)])
        #expect(received.allSatisfy { $0.source == IPAddress("127.0.0.1") })
    }

    /// Whether this host has IPv6 on its loopback (a container may not).
    static let hasIPv6Loopback = (try? HeartbeatSocket(binding: IPAddress("::1")!, port: 0)) != nil

    @Test(.enabled(if: hasIPv6Loopback, "this host has no IPv6 loopback address"))
    func ipv6LoopbackWorksToo() throws {
        let a = try HeartbeatSocket(binding: IPAddress("::1")!, port: 0)
        let b = try HeartbeatSocket(binding: IPAddress("::1")!, port: try freePort())
        try a.send([9, 9], to: IPAddress("::1")!, port: b.port)
        var got: (bytes: [UInt8], source: IPAddress)?
        for _ in 0..<200 where got == nil {
            got = try b.receive()
            if got == nil { usleep(1000) }
        }
        #expect(got?.bytes == [9, 9] && got?.source == IPAddress("::1"))
    }

    @Test func bindingAForeignAddressSaysItIsNotLocal() {
        #expect {
            try HeartbeatSocket(binding: IPAddress("192.0.2.77")!, port: 5390)
        } throws: { error in
            "\(error)" == "opening the heartbeat socket on 192.0.2.77:5390: bind: Cannot assign requested address "
                + "(the address is not on any interface of this host)"
        }
    }

    @Test func aPortInUseIsNamed() throws {
        let port = try freePort()
        let first = try HeartbeatSocket(binding: IPAddress("127.0.0.1")!, port: port)
        #expect {
            try HeartbeatSocket(binding: IPAddress("127.0.0.1")!, port: port)
        } throws: { error in
            "\(error)".hasSuffix(
                "bind: Address already in use (another pulse, or another program, already uses this port)")
        }
        _ = first
    }
}
