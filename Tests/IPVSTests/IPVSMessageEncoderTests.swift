import Addressing
import Testing

@testable import IPVS

/// Golden bytes for every request kind, written out by hand from the wire format
/// (`<linux/ip_vs.h>`: generic netlink family `IPVS`, version 1) for family id 0x20.
@Suite struct IPVSMessageEncoderTests {
    let encoder = IPVSMessageEncoder(familyID: 0x20)
    let web = IPVSServiceIdentity.address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80)
    let webNest = "2400 0180  0600 0100 0200 0000  0600 0200 0600 0000  0800 0300 0a000064  0600 0400 0050 0000"

    func check(_ operation: IPVSOperation, sequence: UInt32 = 1, _ expected: String) throws {
        let bytes = try encoder.encode(operation, sequence: sequence)
        #expect(bytes == hex(expected), "got \(dump(bytes))")
    }

    @Test func addService() throws {
        try check(
            .addService(IPVSService(identity: web)),
            """
            5c000000 2000 0500 01000000 00000000 01 01 0000
            4800 0180
              0600 0100 0200 0000
              0600 0200 0600 0000
              0800 0300 0a000064
              0600 0400 0050 0000
              0800 0600 776c6300
              0c00 0700 00000000 ffffffff
              0800 0800 00000000
              0800 0900 ffffffff
            """)
    }

    @Test func editIPv6ServiceWithPersistenceEngineFlagsAndPrefix() throws {
        let id = IPVSServiceIdentity.address(.udp, .v6(IPv6Address("2001:db8::1")!), port: 53)
        let service = IPVSService(
            identity: id, scheduler: .sourceHashing, flags: [.persistent, .scheduler1, .scheduler2],
            persistenceTimeout: 300, netmask: .ipv6(prefixLength: 64), persistenceEngine: "sip")
        try check(
            .editService(service), sequence: 2,
            """
            70000000 2000 0500 02000000 00000000 02 01 0000
            5c00 0180
              0600 0100 0a00 0000
              0600 0200 1100 0000
              1400 0300 20010db8 00000000 00000000 00000001
              0600 0400 0035 0000
              0700 0600 73680000
              0800 0b00 73697000
              0c00 0700 19000000 ffffffff
              0800 0800 2c010000
              0800 0900 40000000
            """)
    }

    @Test func ipv4NetmaskTravelsAsItsAddressBytes() throws {
        let service = IPVSService(
            identity: .firewallMark(7, family: .inet), scheduler: "rr", flags: .persistent, persistenceTimeout: 60,
            netmask: .ipv4(IPv4Address(255, 255, 255, 0)))
        try check(
            .addService(service),
            """
            4c000000 2000 0500 01000000 00000000 01 01 0000
            3800 0180
              0600 0100 0200 0000
              0800 0500 07000000
              0700 0600 72720000
              0c00 0700 01000000 ffffffff
              0800 0800 3c000000
              0800 0900 ffffff00
            """)
    }

    @Test func theHashedFlagIsNeverSent() throws {
        let bytes = try encoder.encode(
            .addService(IPVSService(identity: web, flags: [.hashed, .onePacket])), sequence: 1)
        #expect(Array(bytes[68..<76]) == hex("04000000 ffffffff"))
    }

    @Test func deleteFirewallMarkServiceSendsOnlyItsIdentity() throws {
        try check(
            .deleteService(.firewallMark(42, family: .inet6)),
            "28000000 2000 0500 01000000 00000000 03 01 0000  1400 0180  0600 0100 0a00 0000  0800 0500 2a000000")
    }

    @Test func addDestination() throws {
        let d = IPVSDestination(address: .v4(IPv4Address(10, 0, 1, 10)), port: 80, forwarding: .masquerade, weight: 3)
        try check(
            .addDestination(d, service: web),
            """
            8c000000 2000 0500 01000000 00000000 05 01 0000
            \(webNest)
            5400 0280
              0600 0b00 0200 0000
              0800 0100 0a00010a
              0600 0200 0050 0000
              0800 0300 00000000
              0800 0400 03000000
              0500 0d00 00000000
              0600 0e00 0000 0000
              0600 0f00 0000 0000
              0800 0500 00000000
              0800 0600 00000000
            """)
    }

    @Test func editTunnelledDestination() throws {
        let d = IPVSDestination(
            address: .v6(IPv6Address("2001:db8::10")!), port: 80, forwarding: .tunnel, weight: 5, upperThreshold: 100,
            lowerThreshold: 10, tunnel: IPVSTunnel(type: .gue, port: 6080, checksum: .remoteChecksum))
        try check(
            .editDestination(d, service: web),
            """
            98000000 2000 0500 01000000 00000000 06 01 0000
            \(webNest)
            6000 0280
              0600 0b00 0a00 0000
              1400 0100 20010db8 00000000 00000000 00000010
              0600 0200 0050 0000
              0800 0300 02000000
              0800 0400 05000000
              0500 0d00 01000000
              0600 0e00 17c0 0000
              0600 0f00 0200 0000
              0800 0500 64000000
              0800 0600 0a000000
            """)
    }

    @Test func deleteDestinationSendsOnlyItsAddressAndPort() throws {
        let d = IPVSDestinationIdentity(address: .v4(IPv4Address(10, 0, 1, 10)), port: 80)
        try check(
            .deleteDestination(d, service: web),
            """
            54000000 2000 0500 01000000 00000000 07 01 0000
            \(webNest)
            1c00 0280  0600 0b00 0200 0000  0800 0100 0a00010a  0600 0200 0050 0000
            """)
    }

    @Test func setTimeouts() throws {
        try check(
            .setTimeouts(.kernelDefaults),
            "2c000000 2000 0500 01000000 00000000 0c 01 0000  0800 0400 84030000  0800 0500 78000000  0800 0600 2c010000"
        )
    }

    @Test func startDaemonWithEveryOption() throws {
        let daemon = IPVSSyncDaemon(
            role: .backup, interface: "eth1", syncID: 7, maximumLength: 1400, group: .v4(IPv4Address(239, 1, 2, 3)),
            port: 9000, ttl: 2)
        try check(
            .startDaemon(daemon),
            """
            54000000 2000 0500 01000000 00000000 09 01 0000
            4000 0380
              0800 0100 02000000
              0900 0200 65746831 00000000
              0800 0300 07000000
              0600 0400 7805 0000
              0600 0700 2823 0000
              0500 0800 02000000
              0800 0500 ef010203
            """)
    }

    @Test func startDaemonWithDefaultsAndAnIPv6Group() throws {
        let daemon = IPVSSyncDaemon(role: .master, interface: "lo", group: .v6(IPv6Address("ff02::1")!))
        try check(
            .startDaemon(daemon),
            """
            44000000 2000 0500 01000000 00000000 09 01 0000
            3000 0380
              0800 0100 01000000
              0700 0200 6c6f0000
              0800 0300 00000000
              1400 0600 ff020000 00000000 00000000 00000001
            """)
    }

    @Test func stopDaemon() throws {
        try check(.stopDaemon(.master), "20000000 2000 0500 01000000 00000000 0a 01 0000  0c00 0380 0800 0100 01000000")
    }

    @Test func zeroAllAndZeroOne() throws {
        try check(.zero(nil), "14000000 2000 0500 01000000 00000000 10 01 0000")
        try check(.zero(web), "38000000 2000 0500 01000000 00000000 10 01 0000 \(webNest)")
    }

    @Test func flush() throws {
        try check(.flush, "14000000 2000 0500 01000000 00000000 11 01 0000")
    }

    @Test func queries() throws {
        #expect(encoder.getInfo(sequence: 3) == hex("14000000 2000 0500 03000000 00000000 0f 01 0000"))
        #expect(encoder.getTimeouts(sequence: 3) == hex("14000000 2000 0500 03000000 00000000 0d 01 0000"))
        #expect(encoder.listServices(sequence: 3) == hex("14000000 2000 0103 03000000 00000000 04 01 0000"))
        #expect(encoder.listDaemons(sequence: 3) == hex("14000000 2000 0103 03000000 00000000 0b 01 0000"))
        #expect(
            try encoder.getService(web, sequence: 3)
                == hex("38000000 2000 0500 03000000 00000000 04 01 0000 \(webNest)"))
        #expect(
            try encoder.listDestinations(of: web, sequence: 3)
                == hex("38000000 2000 0103 03000000 00000000 08 01 0000 \(webNest)"))
    }

    @Test func refusesWhatTheWireCannotCarry() {
        func reason(_ operation: IPVSOperation) -> String? {
            do {
                _ = try encoder.encode(operation, sequence: 1)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(
            reason(.addService(IPVSService(identity: web, scheduler: "a-very-long-scheduler")))
                == "adding service TCP 10.0.0.100:80: scheduler name \"a-very-long-scheduler\" is longer than 15 bytes")
        #expect(
            reason(.deleteService(.firewallMark(0, family: .inet)))
                == "deleting service FWM 0: firewall mark 0 does not name a service")
        #expect(
            reason(.addService(IPVSService(identity: web, netmask: .ipv6(prefixLength: 64))))
                == "adding service TCP 10.0.0.100:80: netmask 64 does not fit an IPv4 service")
        #expect(
            reason(.startDaemon(IPVSSyncDaemon(role: .master, interface: "an-interface-name")))
                == "starting the master sync daemon on an-interface-name (syncid 0): multicast interface "
                + "\"an-interface-name\" is longer than 15 bytes")
    }
}
