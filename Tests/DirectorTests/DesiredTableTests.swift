import Addressing
import Director
import IPVS
import LVSConfig
import Testing

/// lvs.cf -> desired IPVS table, for every key that reaches IPVS.
@Suite struct DesiredTableTests {
    /// One virtual block with `keys`, and the real servers given.
    func table(
        _ keys: String, servers: String = "server a {\n address = 10.0.1.10\n active = 1\n }", globals: String = ""
    ) -> DesiredTable {
        DesiredTable(
            configuration: config(
                lvsFile(
                    """
                    virtual v {
                        active = 1
                        address = 192.0.2.10 eth0:1
                    \(keys)
                    \(servers)
                    }
                    """, globals: globals)))
    }

    @Test func addressPortAndProtocolMakeTheIdentity() {
        #expect(table("").services.map(\.identity) == [.address(.tcp, v4("192.0.2.10"), port: 80)])
        #expect(table("port = 443").services.map(\.identity) == [.address(.tcp, v4("192.0.2.10"), port: 443)])
        #expect(
            table("protocol = udp\nport = 53").services.map(\.identity) == [.address(.udp, v4("192.0.2.10"), port: 53)])
        #expect(
            table("protocol = sctp\nport = 3868").services.map(\.identity) == [
                .address(.sctp, v4("192.0.2.10"), port: 3868)
            ])
    }

    @Test func firewallMarkReplacesAddressAndPortAndKeepsTheFamily() {
        #expect(table("fwmark = 7").services.map(\.identity) == [.firewallMark(7, family: .inet)])
        let v6 = DesiredTable(
            configuration: config(
                lvsFile(
                    """
                    virtual v6 {
                        active = 1
                        address = 2001:db8::10 eth0
                        fwmark = 9
                        server a {
                            address = 2001:db8::1:10
                            active = 1
                        }
                    }
                    """)))
        #expect(v6.services.map(\.identity) == [.firewallMark(9, family: .inet6)])
        #expect(
            v6.services[0].servers.map(\.identity) == [
                IPVSDestinationIdentity(address: IPAddress("2001:db8::1:10")!, port: 80)
            ])
    }

    @Test(arguments: VirtualService.Scheduler.allCases)
    func everySchedulerKeepsItsKernelName(_ scheduler: VirtualService.Scheduler) {
        #expect(table("scheduler = \(scheduler.rawValue)").services[0].service.scheduler.rawValue == scheduler.rawValue)
    }

    @Test func defaultSchedulerIsWLCWithoutPersistence() {
        let service = table("").services[0].service
        #expect(service.scheduler == .weightedLeastConnections)
        #expect(service.flags == [])
        #expect(service.persistenceTimeout == 0)
        #expect(service.netmask == .ipv4(IPv4Address(0xFFFF_FFFF)))
    }

    @Test func persistenceSetsFlagTimeoutAndNetmask() {
        let plain = table("persistent = 300").services[0].service
        #expect(plain.flags == .persistent)
        #expect(plain.persistenceTimeout == 300)
        #expect(plain.netmask.isDefault)

        let masked = table("persistent = 600\npmask = 255.255.255.0").services[0].service
        #expect(masked.flags == .persistent)
        #expect(masked.persistenceTimeout == 600)
        #expect(masked.netmask == .ipv4(IPv4Address(255, 255, 255, 0)))

        // /32 means no grouping, as Piranha turned 255.255.255.255 into "no -M".
        #expect(table("persistent = 60\npmask = 255.255.255.255").services[0].service.netmask.isDefault)
        // persistent = 0 is no persistence.
        #expect(table("persistent = 0").services[0].service.flags == [])
    }

    @Test func ipv6PersistenceNetmaskIsAPrefixLength() {
        func service(_ pmask: String) -> IPVSService {
            DesiredTable(
                configuration: config(
                    lvsFile(
                        """
                        virtual v6 {
                            active = 1
                            address = 2001:db8::10 eth0
                            persistent = 120
                            \(pmask)
                            server a {
                                address = 2001:db8::1:10
                                active = 1
                            }
                        }
                        """))
            ).services[0].service
        }
        #expect(service("pmask = 64").netmask == .ipv6(prefixLength: 64))
        #expect(service("pmask = 128").netmask == .ipv6(prefixLength: 128))
        #expect(service("").netmask == .ipv6(prefixLength: 128))
    }

    @Test func networkPicksTheForwardingMethod() {
        let globals = "primary = 192.0.2.1\nbackup = 192.0.2.2\nbackup_active = 1\n"
        let block =
            "virtual v {\n active = 1\n address = 192.0.2.10 eth0:1\n server a {\n address = 10.0.1.10\n active = 1\n }\n sorry_server = 10.0.9.9\n }\n"
        for (network, method) in [
            ("nat", IPVSForwardingMethod.masquerade), ("direct", .directRoute), ("tunnel", .tunnel),
        ] {
            let desired = DesiredTable(configuration: config(globals + "network = \(network)\n" + block))
            #expect(desired.services[0].forwarding == method, "network = \(network)")
            #expect(desired.services[0].sorryServer?.forwarding == method, "network = \(network)")
        }
    }

    @Test func realServersKeepTheirWeightAndPortAndOnlyActiveOnesCount() {
        let desired = table(
            "port = 8080",
            servers: """
                server a {
                    address = 10.0.1.10
                    active = 1
                    weight = 7
                }
                server b {
                    address = 10.0.1.11
                    port = 9090
                    active = 1
                    weight = 0
                }
                server c {
                    address = 10.0.1.12
                    active = 0
                    weight = 3
                }
                """)
        #expect(
            desired.services[0].servers == [
                DesiredRealServer(
                    name: "a", identity: IPVSDestinationIdentity(address: v4("10.0.1.10"), port: 8080), weight: 7),
                DesiredRealServer(
                    name: "b", identity: IPVSDestinationIdentity(address: v4("10.0.1.11"), port: 9090), weight: 0),
            ])
    }

    @Test func inactiveVirtualServicesAreLeftOut() {
        let desired = DesiredTable(
            configuration: config(
                lvsFile(
                    """
                    virtual on {
                        active = 1
                        address = 192.0.2.10 eth0:1
                        server a {
                            address = 10.0.1.10
                            active = 1
                        }
                    }
                    virtual off {
                        active = 0
                        address = 192.0.2.11 eth0:2
                        server a {
                            address = 10.0.1.10
                            active = 1
                        }
                    }
                    """)))
        #expect(desired.services.map(\.name) == ["on"])
    }

    @Test func sorryServerIsWeightOneOnTheVirtualPort() {
        let desired = table("port = 8080\nsorry_server = 10.0.9.9")
        #expect(
            desired.services[0].sorryServer
                == IPVSDestination(address: v4("10.0.9.9"), port: 8080, forwarding: .masquerade, weight: 1))
        #expect(table("").services[0].sorryServer == nil)
    }

    @Test func sorryServerThatIsAlsoARealServerIsDropped() {
        #expect(table("sorry_server = 10.0.1.10").services[0].sorryServer == nil)
    }

    @Test func quiesceServerIsCarried() {
        #expect(table("quiesce_server = 1").services[0].quiesce)
        #expect(!table("").services[0].quiesce)
    }

    @Test func timeoutsAreSetOnlyWhenConfigured() {
        #expect(table("").timeouts == nil)
        #expect(table("", globals: "tcp_timeout = 600").timeouts == IPVSTimeouts(tcp: 600, tcpFin: 0, udp: 0))
        #expect(
            table("", globals: "tcp_timeout = 600\ntcpfin_timeout = 30\nudp_timeout = 20").timeouts
                == IPVSTimeouts(tcp: 600, tcpFin: 30, udp: 20))
    }

    @Test func servicesKeepFileOrder() {
        let desired = DesiredTable(
            configuration: config(
                lvsFile(
                    """
                    virtual b {
                        active = 1
                        address = 192.0.2.11 eth0:2
                        server a {
                            address = 10.0.1.10
                            active = 1
                        }
                    }
                    virtual a {
                        active = 1
                        address = 192.0.2.10 eth0:1
                        server a {
                            address = 10.0.1.10
                            active = 1
                        }
                    }
                    """)))
        #expect(desired.services.map(\.name) == ["b", "a"])
    }
}
