import Addressing
import IPVS
import Testing

@testable import IPVSAdmin

@Suite struct AdminCommandLineTests {
    func parse(_ words: [String], readingStandardInput: Bool = false) -> Result<AdminRequest, AdminFailure> {
        AdminCommandLine.parse(
            ["ipvsadm"] + words, resolver: AdminNameLookup(), readingStandardInput: readingStandardInput)
    }

    static let vip = IPVSServiceIdentity.address(.tcp, .v4(IPv4Address(1, 2, 3, 4)), port: 80)

    /// What ipvsadm 1.31 prints for each mistake, and its exit status.
    @Test(arguments: [
        (["foo"], "Try `ipvsadm -h' or 'ipvsadm --help' for more information.", Int32(255)),
        (["-n", "-L"], "Try `ipvsadm -h' or 'ipvsadm --help' for more information.", 255),
        (["--bogus", "-L"], "Try `ipvsadm -h' or 'ipvsadm --help' for more information.", 255),
        (["-L", "-A"], "invalid option `-A'", 2),
        (["-L", "--foo"], "--foo: unknown option", 255),
        (["-Lq"], "-Lq: unknown option", 255),
        (["-A", "-t"], "-t: missing argument", 255),
        (["-A", "-t", "1.2.3.4:80", "-t", "1.2.3.4:81"], "multiple 'service-address' options specified", 2),
        (["-A", "-t", "1234"], "illegal virtual server address[:port] specified", 2),
        (["-A", "-t", "[::1]"], "illegal virtual server address[:port] specified", 2),
        (["-A", "-t", "1.2.3.4:99999"], "illegal virtual server address[:port] specified", 2),
        (["-A", "-f", "0"], "invalid fwmark value `0' specified", 2),
        (["-A", "-f", "4294967296"], "invalid fwmark value `4294967296' specified", 2),
        (["-A", "-f", "-1"], "invalid fwmark value `-1' specified", 2),
        (["-A", "-t", "1.2.3.4:80", "-p", "0"], "invalid timeout value `0' specified", 2),
        (["-A", "-t", "1.2.3.4:80", "-p", "2678401"], "invalid timeout value `2678401' specified", 2),
        (["-A", "-t", "1.2.3.4"], "Zero port specified for non-persistent service", 2),
        (["-A", "-t", "[1.2.3.4]:80"], "Zero port specified for non-persistent service", 2),
        (["-A", "-t", "1.2.3.4:53", "-o"], "One-Packet Scheduling is only for UDP virtual services", 2),
        (["-A", "-t", "1.2.3.4:80", "-b", "sh-port"], "incompatible scheduler flag `sh-port'", 2),
        (["-A", "-t", "1.2.3.4:80", "-b", "bogus"], "invalid scheduler flag `bogus'", 2),
        (["-A", "-t", "1.2.3.4:80", "-6"], "-6 used before -f\n", 2),
        (["-A", "-f", "1", "-6", "-M", "129"], "illegal ipv6 netmask specified", 2),
        (["-A", "-t", "1.2.3.4:80", "-w", "1"], "Illegal 'weight' option with the 'add-service' command", 2),
        (["-a", "-t", "1.2.3.4:80"], "You need to supply the 'real-server' option for the 'add-server' command", 2),
        (
            ["-a", "-t", "1.2.3.4:80", "-r", "2001:db8::1"],
            "Different address family is allowed only for tunneling servers", 2
        ),
        (
            ["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1", "--tun-type", "gre"],
            "Tunnel options conflict with forward method", 2
        ),
        (
            ["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1", "-i", "--tun-type", "gue"],
            "You need to supply the 'tun-port' option for the 'gue' tunnel type", 2
        ),
        (["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1", "-i", "--tun-type", "xxx"], "illegal tunnel type specified", 2),
        (["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1", "-i", "--tun-port", "0"], "illegal tunnel port specified", 2),
        (["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1", "-w", "2147483648"], "illegal weight specified", 2),
        (["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1", "-x", "-1"], "illegal u_threshold specified", 2),
        (["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1", "-y", "2147483648"], "illegal l_threshold specified", 2),
        (
            ["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1", "-m", "-g"], "multiple 'forwarding-method' options specified",
            2
        ),
        (["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1:abc:def"], "illegal real server address[:port] specified", 2),
        (["-L", "-c", "--stats"], "options conflicts in the list command", 2),
        (["-L", "--daemon", "--persistent-conn"], "options conflicts in the list command", 2),
        (
            ["-L", "-c", "--timeout"],
            "The option 'timeout' conflicts with the 'connection' option in the 'list' command", 2
        ),
        (["--set", "1", "2"], "--set option requires 3 timeout values", 2),
        (["--set", "1", "2", "x"], "invalid timeout value `x' specified", 2),
        (["--set", "1", "2", "3", "4"], "unexpected argument 4", 2),
        (["-C", "x"], "unexpected argument x", 2),
        (["--start-daemon", "primary"], "illegal start-daemon parameter specified", 2),
        (["--stop-daemon", "x"], "illegal start_daemon specified", 2),
        (["--start-daemon", "backup", "--mcast-group", "10.0.0.1"], "invalid IPv4 mcast-group `10.0.0.1'", 2),
        (["--start-daemon", "backup", "--mcast-group", "fe80::1"], "invalid IPv6 mcast-group `fe80::1'", 2),
        (["--start-daemon", "backup", "--mcast-port", "0"], "illegal mcast-port specified", 2),
        (["--start-daemon", "backup", "--mcast-ttl", "256"], "illegal mcast-ttl specified", 2),
        (["--start-daemon", "backup", "--sync-maxlen", "65508"], "illegal sync-maxlen specified", 2),
        (["--start-daemon", "backup", "--syncid", "256"], "illegal syncid specified", 2),
        (
            ["--stop-daemon", "master", "--mcast-interface", "eth1"],
            "Illegal 'mcast-interface' option with the 'stop-daemon' command", 2
        ),
        (["-S", "--stats"], "Illegal 'stats' option with the 'save' command", 2),
        (["-R", "-n"], "Illegal 'numeric' option with the 'restore' command", 2),
        (["-D"], "You need to supply the 'service-address' option for the 'delete-service' command", 2),
    ])
    func refusesLikeIPVSADM(words: [String], message: String, status: Int32) {
        #expect(parse(words) == .failure(AdminFailure(message: message, exitCode: status)))
    }

    @Test func restoreInsideARestoreIsRefused() {
        #expect(parse(["-R"], readingStandardInput: true) == .failure(.tryHelp("ipvsadm")))
        #expect(parse(["-R"]) == .success(.restore))
    }

    @Test func services() {
        #expect(parse(["-A", "-t", "1.2.3.4:80"]) == .success(.change(.addService(IPVSService(identity: Self.vip)))))
        #expect(
            parse(["-At", "1.2.3.4:80", "-s", "rr", "-p"])
                == .success(
                    .change(
                        .addService(
                            IPVSService(
                                identity: Self.vip, scheduler: .roundRobin, flags: .persistent, persistenceTimeout: 360)
                        ))))
        #expect(
            parse(["-E", "-t", "1.2.3.4:80", "-s", "sh", "-b", "sh-port,flag-3", "-p", "30", "-M", "255.255.0.0"])
                == .success(
                    .change(
                        .editService(
                            IPVSService(
                                identity: Self.vip, scheduler: .sourceHashing,
                                flags: [.persistent, .scheduler2, .scheduler3],
                                persistenceTimeout: 30, netmask: .ipv4(IPv4Address(255, 255, 0, 0)))))))
        #expect(
            parse(["-A", "-f", "4294967295", "-6", "-M", "64", "-p", "--pe", "sip"])
                == .success(
                    .change(
                        .addService(
                            IPVSService(
                                identity: .firewallMark(.max, family: .inet6), flags: .persistent,
                                persistenceTimeout: 360,
                                netmask: .ipv6(prefixLength: 64), persistenceEngine: "sip")))))
        #expect(
            parse(["-A", "-u", "[2001:db8::1]:53", "-o", "-s", "a-scheduler-name-too-long"])
                == .success(
                    .change(
                        .addService(
                            IPVSService(
                                identity: .address(.udp, .v6(IPv6Address("2001:db8::1")!), port: 53),
                                scheduler: "a-scheduler-nam",
                                flags: .onePacket)))))
        #expect(
            parse(["-D", "--sctp-service", "1.2.3.4:9"])
                == .success(.change(.deleteService(.address(.sctp, .v4(IPv4Address(1, 2, 3, 4)), port: 9)))))
    }

    @Test func namesResolveThroughTheSystemDatabases() {
        #expect(
            parse(["-A", "-t", "localhost:http"])
                == .success(
                    .change(
                        .addService(IPVSService(identity: .address(.tcp, .v4(IPv4Address(127, 0, 0, 1)), port: 80))))))
    }

    @Test func destinations() {
        let server = IPAddress.v4(IPv4Address(10, 0, 0, 1))
        // Direct routing and tunnels use the service's port whatever was given.
        #expect(
            parse(["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1:8080"])
                == .success(.change(.addDestination(IPVSDestination(address: server, port: 80), service: Self.vip))))
        #expect(
            parse(["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1:8080", "-m", "-w", "0", "-x", "10", "-y", "5"])
                == .success(
                    .change(
                        .addDestination(
                            IPVSDestination(
                                address: server, port: 8080, forwarding: .masquerade, weight: 0, upperThreshold: 10,
                                lowerThreshold: 5), service: Self.vip))))
        #expect(
            parse([
                "-e", "-t", "1.2.3.4:80", "-r", "2001:db8::1", "-i", "--tun-type", "gue", "--tun-port", "6080",
                "--tun-remcsum",
            ])
                == .success(
                    .change(
                        .editDestination(
                            IPVSDestination(
                                address: .v6(IPv6Address("2001:db8::1")!), port: 80, forwarding: .tunnel,
                                tunnel: IPVSTunnel(type: .gue, port: 6080, checksum: .remoteChecksum)),
                            service: Self.vip))))
        // A port-less real server takes the service's port; deleting forces nothing else.
        #expect(
            parse(["-d", "-f", "5", "-r", "10.0.0.1:99"])
                == .success(
                    .change(
                        .deleteDestination(
                            IPVSDestinationIdentity(address: server, port: 99),
                            service: .firewallMark(5, family: .inet)))))
    }

    @Test func listingsAndTheRest() {
        #expect(parse(["-Ln"]) == .success(.listAll(.numeric)))
        #expect(
            parse(["-l", "--stats", "--exact", "--sort", "--nosort"]) == .success(.listAll([.stats, .exact, .noSort])))
        #expect(parse(["-L", "-t", "1.2.3.4:80", "--tun-info"]) == .success(.listService(Self.vip, .tunnelInfo)))
        #expect(
            parse(["-L", "-c", "-n", "--persistent-conn"])
                == .success(.listConnections([.numeric, .persistentConnections])))
        #expect(parse(["-L", "--timeout"]) == .success(.listTimeouts))
        #expect(parse(["-L", "--daemon"]) == .success(.listDaemons))
        #expect(parse(["-S", "-n"]) == .success(.save([.numeric, .rule])))
        #expect(parse(["-C"]) == .success(.change(.flush)))
        #expect(parse(["-Z"]) == .success(.change(.zero(nil))))
        #expect(parse(["-Z", "-t", "0.0.0.0:0"]) == .success(.change(.zero(nil))))
        #expect(parse(["-Z", "-t", "1.2.3.4:80"]) == .success(.change(.zero(Self.vip))))
        #expect(
            parse(["--set", "900", "0", "300"])
                == .success(.change(.setTimeouts(IPVSTimeouts(tcp: 900, tcpFin: 0, udp: 300)))))
        #expect(
            parse(["--start-daemon", "master"])
                == .success(.change(.startDaemon(IPVSSyncDaemon(role: .master, interface: "eth0")))))
        #expect(
            parse([
                "--start-daemon=backup", "--mcast-interface", "eth1", "--syncid", "9", "--mcast-group", "ff02::5",
                "--mcast-port", "9000", "--mcast-ttl", "3", "--sync-maxlen", "1400",
            ])
                == .success(
                    .change(
                        .startDaemon(
                            IPVSSyncDaemon(
                                role: .backup, interface: "eth1", syncID: 9, maximumLength: 1400,
                                group: .v6(IPv6Address("ff02::5")!),
                                port: 9000, ttl: 3)))))
        #expect(parse(["--stop-daemon", "backup", "--syncid", "3"]) == .success(.change(.stopDaemon(.backup))))
        #expect(parse(["-h", "--bogus"]) == .success(.help))
        #expect(parse(["--version"]) == .success(.version))
    }
}
