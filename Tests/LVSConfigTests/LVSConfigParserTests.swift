import Addressing
import Testing
@testable import LVSConfig

/// Every key, its default, and the forms its value may take.
@Suite struct LVSConfigParserTests {
    let v4 = { (a: UInt8, b: UInt8, c: UInt8, d: UInt8) in IPAddress.v4(IPv4Address(a, b, c, d)) }

    @Test func globalDefaults() {
        let r = parseFragment("primary = 192.0.2.1\n")
        #expect(r.diagnostics.isEmpty)
        let c = r.config
        #expect(c.serialNumber == 0)
        #expect(c.service == .lvs)
        #expect(c.primary == DirectorAddresses(publicAddress: v4(192, 0, 2, 1), privateAddress: v4(192, 0, 2, 1)))
        #expect(c.backup == DirectorAddresses())
        #expect(c.backupActive == false)
        #expect(
            c.heartbeat
                == HeartbeatSettings(
                    port: 539, keepalive: .seconds(2), deadtime: .seconds(5), wireProtocol: .lvsrouter, keyFile: nil))
        #expect(c.network == .nat)
        #expect(c.natRouter == nil)
        #expect(c.rshCommand == "rsh")
        #expect(c.ipvsadmPath == "/sbin/ipvsadm")
        #expect(c.reservationConflictAction == nil)
        #expect(c.activeCommand == nil && c.inactiveCommand == nil)
        #expect(c.monitorLinks == false)
        #expect(c.syncDaemon == SyncDaemonSettings(enabled: false, interface: "eth0", syncID: 0))
        #expect(c.ipvsTimeouts == ConnectionTimeoutSettings(tcp: 0, tcpFin: 0, udp: 0))
        #expect(c.hardShutdown == true)
        #expect(c.gratuitousARP == GratuitousARPSettings(count: 5, interval: .seconds(1)))
        #expect(c.virtualServices.isEmpty && c.failoverServices.isEmpty)
    }

    @Test func everyGlobalKey() {
        let r = parse(
            """
            serial_no = 42
            service = lvs
            primary = 192.0.2.1
            primary_private = 10.9.0.1
            primary_shared = /dev/sdb
            backup = 192.0.2.2
            backup_active = 1
            backup_private = 10.9.0.2
            backup_shared = /dev/sdc
            heartbeat_port = 1539
            keepalive = 0.25
            deadtime = 1.5
            network = nat
            nat_router = 10.0.1.254 eth1:1
            nat_nmask = 255.255.255.0
            rsh_command = ssh
            ipvsadm = /usr/sbin/ipvsadm
            reservation_conflict_action = preempt
            active_cmd = "/usr/local/bin/became-active --now"
            inactive_cmd = /usr/local/bin/became-inactive
            monitor_links = 1
            syncdaemon = 1
            syncd_iface = eth2
            syncd_id = 0x0a
            tcp_timeout = 900
            tcpfin_timeout = 120
            udp_timeout = 300
            hard_shutdown = 0
            heartbeat_protocol = piranha
            heartbeat_key_file = /etc/sysconfig/ha/hb.key
            garp_count = 3
            garp_interval = 0.5
            warm_standby = 0

            """ + validVirtual)
        #expect(
            r.lines == [
                "30:1: warning: heartbeat_key_file: ignored: heartbeat_protocol = piranha has no authentication"
            ])
        let c = r.config
        #expect(c.serialNumber == 42)
        #expect(
            c.primary
                == DirectorAddresses(
                    publicAddress: v4(192, 0, 2, 1), privateAddress: v4(10, 9, 0, 1), sharedDevice: "/dev/sdb"))
        #expect(
            c.backup
                == DirectorAddresses(
                    publicAddress: v4(192, 0, 2, 2), privateAddress: v4(10, 9, 0, 2), sharedDevice: "/dev/sdc"))
        #expect(c.primary.hasSeparatePrivateAddress)
        #expect(c.backupActive)
        #expect(
            c.heartbeat
                == HeartbeatSettings(
                    port: 1539, keepalive: .milliseconds(250), deadtime: .milliseconds(1500),
                    wireProtocol: .piranha, keyFile: "/etc/sysconfig/ha/hb.key"))
        #expect(
            c.natRouter
                == NATRouter(address: v4(10, 0, 1, 254), device: "eth1:1", netmask: .v4(IPv4Netmask(prefixLength: 24)!))
        )
        #expect(c.rshCommand == "ssh")
        #expect(c.ipvsadmPath == "/usr/sbin/ipvsadm")
        #expect(c.reservationConflictAction == .preempt)
        #expect(c.activeCommand == "/usr/local/bin/became-active --now")
        #expect(c.inactiveCommand == "/usr/local/bin/became-inactive")
        #expect(c.monitorLinks)
        #expect(c.syncDaemon == SyncDaemonSettings(enabled: true, interface: "eth2", syncID: 10))
        #expect(c.ipvsTimeouts == ConnectionTimeoutSettings(tcp: 900, tcpFin: 120, udp: 300))
        #expect(!c.hardShutdown)
        #expect(c.gratuitousARP == GratuitousARPSettings(count: 3, interval: .milliseconds(500)))
        #expect(!c.warmStandby)
        #expect(LVSConfig().warmStandby, "warm standby is the default")
    }

    @Test func failoverServiceKind() {
        let r = parse(
            """
            primary = 192.0.2.1
            service = fos
            failover ftp {
                active = 1
                address = 192.0.2.30 eth0:3
                vip_nmask = 255.255.255.0
                port = 21
                send = "\\n"
                expect = "220"
                timeout = 6
                reentry = 30
                start_cmd = "/etc/init.d/vsftpd start"
                stop_cmd = "/etc/init.d/vsftpd stop"
            }

            """)
        #expect(r.diagnostics.isEmpty)
        let f = r.config.failoverServices[0]
        #expect(r.config.service == .fos)
        #expect(r.config.failoverService(named: "ftp") == f)
        #expect(f.active && f.port == 21)
        #expect(
            f.vip
                == VirtualIP(address: v4(192, 0, 2, 30), device: "eth0:3", netmask: .v4(IPv4Netmask(prefixLength: 24)!))
        )
        #expect(f.check.send == "\\n" && f.check.expect == "220")
        #expect(f.check.timeout == .seconds(6) && f.check.reentry == .seconds(30))
        #expect(f.startCommand == "/etc/init.d/vsftpd start" && f.stopCommand == "/etc/init.d/vsftpd stop")
    }

    @Test func virtualAndServerDefaults() {
        let r = parse(
            validGlobals + """
                virtual www {
                    active = 1
                    address = 192.0.2.10 eth0:1
                    server rs1 {
                        address = 10.0.1.10
                        active = 1
                    }
                    server idle {
                    }
                }

                """)
        #expect(r.diagnostics.isEmpty)
        let v = r.config.virtualServices[0]
        #expect(r.config.virtualService(named: "www") == v)
        #expect(v.vip == VirtualIP(address: v4(192, 0, 2, 10), device: "eth0:1"))
        #expect(v.transportProtocol == .tcp && v.port == 80 && v.firewallMark == nil)
        #expect(v.scheduler == .wlc && v.persistence == nil && v.sorryServer == nil)
        #expect(v.check == HealthCheckSettings())
        #expect(v.check.timeout == .seconds(10) && v.check.reentry == .seconds(180))
        #expect(v.identity == .service(v4(192, 0, 2, 10), .tcp, 80))
        #expect(
            v.server(named: "rs1")
                == RealServer(name: "rs1", address: v4(10, 0, 1, 10), port: 80, weight: 1, active: true))
        #expect(v.servers[1] == RealServer(name: "idle", address: nil, port: 80, weight: 1, active: false))
    }

    @Test func everyVirtualKey() {
        let r = parse(
            validGlobals + """
                virtual dns {
                    active = 1
                    address = 2001:db8::53 eth0:5
                    vip_nmask = 64
                    sorry_server = 2001:db8::99
                    protocol = udp
                    port = domain
                    scheduler = sh
                    persistent = 0x3c
                    pmask = 48
                    client_monitor = /usr/sbin/nanny
                    send = "query"
                    expect = "^ok.*"
                    use_regex = 1
                    timeout = 5
                    reentry = 20
                    load_monitor = ruptime
                    quiesce_server = 1
                    server ns1 {
                        address = 2001:db8::1
                        port = 5353
                        weight = 0
                        active = 1
                    }
                }
                virtual marked {
                    active = 1
                    address = 192.0.2.20 eth0:2
                    fwmark = 7
                    send_program = "/bin/check %h %p"
                    expect = "OK"
                    server a {
                        address = 10.0.1.30
                        active = 1
                    }
                }

                """)
        #expect(r.diagnostics.isEmpty)
        let v = r.config.virtualServices[0]
        let a6 = { (s: String) in IPAddress.v6(IPv6Address(s)!) }
        #expect(v.vip == VirtualIP(address: a6("2001:db8::53"), device: "eth0:5", netmask: .v6(prefixLength: 64)))
        #expect(v.sorryServer == a6("2001:db8::99"))
        #expect(v.transportProtocol == .udp && v.port == 53 && v.scheduler == .sh)
        #expect(v.persistence == Persistence(timeout: 60, netmask: .v6(prefixLength: 48)))
        #expect(
            v.check
                == HealthCheckSettings(
                    send: "query", expect: "^ok.*", useRegex: true, sendProgram: nil,
                    timeout: .seconds(5), reentry: .seconds(20), quiesceServer: true,
                    loadMonitor: "ruptime", clientMonitor: "/usr/sbin/nanny"))
        #expect(v.servers == [RealServer(name: "ns1", address: a6("2001:db8::1"), port: 5353, weight: 0, active: true)])
        #expect(v.identity?.description == "UDP [2001:db8::53]:53")
        let m = r.config.virtualServices[1]
        #expect(m.firewallMark == 7)
        #expect(m.identity == .firewallMark(7, .inet))
        #expect(m.identity?.description == "FWM 7")
        #expect(m.check.sendProgram == "/bin/check %h %p")
    }

    @Test func integerForms() {
        #expect(parseGlobals("serial_no = 0x10").config.serialNumber == 16)
        #expect(parseGlobals("serial_no = 010").config.serialNumber == 8)
        #expect(parseGlobals("serial_no = +5").config.serialNumber == 5)
        #expect(
            parseGlobals("serial_no = -1").errors.map(\.message) == [
                "serial_no: expected an integer 0-2147483647, got '-1' (out of range)"
            ])
        #expect(
            parseGlobals("serial_no = 99999999999").errors.map(\.message) == [
                "serial_no: expected an integer 0-2147483647, got '99999999999' (out of range)"
            ])
        #expect(
            parseGlobals("serial_no = 99999999999999999999999").errors.first?.message.hasSuffix("(out of range)")
                == true)
        #expect(
            parseGlobals("serial_no = 08").errors.map(\.message) == [
                "serial_no: integer expected: an integer 0-2147483647, got '08'"
            ])
        #expect(parseGlobals("serial_no = 0x").errors.count == 1)
        #expect(
            parseGlobals("serial_no = \"\"").errors.map(\.message) == [
                "serial_no: integer expected: an integer 0-2147483647, got an empty value"
            ])
        #expect(parseGlobals("serial_no = \"12\"").config.serialNumber == 12)
    }

    @Test func secondsWithFractions() {
        #expect(parseGlobals("keepalive = 0.1\ndeadtime = 0.5").config.heartbeat.keepalive == .milliseconds(100))
        #expect(parseGlobals("keepalive = .5\ndeadtime = 2").config.heartbeat.keepalive == .milliseconds(500))
        #expect(parseGlobals("keepalive = 0x2").config.heartbeat.keepalive == .seconds(2))
        #expect(
            parseGlobals("keepalive = 0.0001").errors.map(\.message) == [
                "keepalive: expected a number of seconds greater than 0, such as 2 or 0.5, got '0.0001' (at most 3 decimal places)"
            ])
        #expect(
            parseGlobals("keepalive = abc").errors.map(\.message) == [
                "keepalive: number expected: a number of seconds greater than 0, such as 2 or 0.5, got 'abc'"
            ])
        #expect(
            parseVirtual("timeout = abc").errors.map(\.message) == [
                "timeout: integer expected: a whole number of seconds greater than 0, got 'abc'"
            ])
        #expect(
            parseGlobals("keepalive = 0").errors.map(\.message) == [
                "keepalive: expected a number of seconds greater than 0, such as 2 or 0.5, got '0' (out of range)"
            ])
        #expect(parseGlobals("keepalive = 0.000").errors.first?.message.hasSuffix("(out of range)") == true)
        #expect(parseGlobals("keepalive = 1.").errors.count == 1)
        #expect(parseGlobals("keepalive = 1.2.3").errors.count == 1)
        #expect(parseGlobals("garp_interval = 0.2").config.gratuitousARP.interval == .milliseconds(200))
        #expect(
            parseVirtual("    timeout = 0.5").errors.map(\.message) == [
                "timeout: integer expected: a whole number of seconds greater than 0, got '0.5'"
            ])
        #expect(
            parseVirtual("    timeout = 0").errors.first?.message
                == "timeout: expected a whole number of seconds greater than 0, got '0' (out of range)")
        #expect(
            parseVirtual("    reentry = -5").errors.first?.message
                == "reentry: expected a whole number of seconds greater than 0, got '-5' (out of range)")
    }

    @Test func ports() {
        #expect(parseGlobals("heartbeat_port = http").config.heartbeat.port == 80)
        #expect(
            parseGlobals("heartbeat_port = 0").errors.map(\.message) == [
                "heartbeat_port: expected a port number 1-65535 or a service name, got '0' (out of range)"
            ])
        #expect(parseGlobals("heartbeat_port = 65536").errors.count == 1)
        #expect(
            parseGlobals("heartbeat_port = -").errors.map(\.message) == [
                "heartbeat_port: expected a port number 1-65535 or a service name, got '-'"
            ])
        #expect(
            parseGlobals("heartbeat_port = nosuch").errors.map(\.message) == [
                "heartbeat_port: unknown service name 'nosuch' (expected a port number 1-65535 or a name from /etc/services)"
            ])
        #expect(
            parseGlobals("heartbeat_port = 12x").errors.map(\.message) == [
                "heartbeat_port: unknown service name '12x' (expected a port number 1-65535 or a name from /etc/services)"
            ])
        #expect(parseVirtual("    port = smtp").config.virtualServices[0].port == 25)
    }

    @Test func hosts() {
        let short = parseGlobals("backup_private = 192.2")
        #expect(short.config.backup.privateAddress == v4(192, 0, 0, 2))
        #expect(
            short.lines == [
                "5:18: warning: backup_private: '192.2' is a short form of 192.0.0.2; write the address in full"
            ])
        #expect(
            parseGlobals("backup = 010.0.0.1").errors.map(\.message) == [
                "backup: '010.0.0.1' has a number with a leading zero, which Piranha read as octal (8.0.0.1); write the address without leading zeros"
            ])
        let named = parse("primary = web1.example\n" + validVirtual)
        #expect(named.config.primary.publicAddress == v4(10, 0, 1, 10))
        #expect(
            named.warnings.map(\.message).contains(
                "primary: host name 'web1.example' was resolved to 10.0.1.10 when the file was read; write the address instead, since resolving names during a failover is a liability"
            ))
        let multi = parseGlobals("backup_private = multi.example")
        #expect(multi.config.backup.privateAddress == v4(10, 0, 1, 20))
        #expect(multi.warnings.first?.message.contains("(the first of its 2 addresses)") == true)
        #expect(
            parseGlobals("backup = 1.2.3.256").errors.map(\.message) == [
                "backup: invalid host name or ip address '1.2.3.256'"
            ])
        #expect(
            parseGlobals("backup = bad!host").errors.map(\.message) == [
                "backup: invalid host name or ip address 'bad!host'"
            ])
        #expect(parseGlobals("backup = 2001:::1").errors.map(\.message) == ["backup: invalid IPv6 address '2001:::1'"])
        #expect(
            parseGlobals("backup = cafe.example").errors.map(\.message) == [
                "backup: cannot resolve host 'cafe.example'"
            ])
    }

    @Test func privateAddressesDefaultIndependently() {
        // B.10: Piranha overwrote backup_private with backup when primary_private was absent.
        let r = parseGlobals("backup_private = 10.9.0.2")
        #expect(r.diagnostics.isEmpty)
        #expect(r.config.primary.privateAddress == v4(192, 0, 2, 1))
        #expect(r.config.backup.privateAddress == v4(10, 9, 0, 2))
        #expect(parseGlobals("backup_private = 0.0.0.0").errors.count == 1)
    }

    @Test func masks() {
        #expect(
            parseVirtual("    vip_nmask = 255.255.255.0").config.virtualServices[0].vip?.netmask
                == .v4(IPv4Netmask(prefixLength: 24)!))
        #expect(parseVirtual("    vip_nmask = 0").config.virtualServices[0].vip?.netmask == nil)
        #expect(parseVirtual("    vip_nmask = 0.0.0.0").config.virtualServices[0].vip?.netmask == nil)
        #expect(
            parseVirtual("    vip_nmask = 255.0.255.0").errors.map(\.message) == [
                "vip_nmask: bad netmask '255.0.255.0': the one bits must be contiguous, such as 255.255.255.0"
            ])
        #expect(
            parseVirtual("    vip_nmask = 24").errors.map(\.message) == [
                "vip_nmask: bad netmask: expected a dotted netmask such as 255.255.255.0, since the virtual address is IPv4"
            ])
        #expect(parseVirtual("    vip_nmask = 129").errors.count == 1)
        let v6 = parse(
            validGlobals + "virtual six {\n    address = 2001:db8::1 eth0\n    vip_nmask = 255.255.255.0\n}\n")
        #expect(
            v6.errors.map(\.message) == ["vip_nmask: expected a prefix length 1-128, since the virtual address is IPv6"]
        )
        let single = parseVirtual("    persistent = 300\n    pmask = 255.255.255.255")
        #expect(single.diagnostics.isEmpty)
        #expect(single.config.virtualServices[0].persistence == Persistence(timeout: 300, netmask: nil))
        #expect(
            parseVirtual("    persistent = 300\n    pmask = 255.255.0.0").config.virtualServices[0].persistence?.netmask
                == .v4(IPv4Netmask(prefixLength: 16)!))
        #expect(
            parseVirtual("    pmask = 255.255.255.0").lines == [
                "8:5: warning: pmask: has no effect without persistence (set persistent to a number of seconds to use it)"
            ])
        #expect(parseVirtual("    persistent = 0\n    pmask = 255.255.255.255").diagnostics.isEmpty)
        #expect(parseVirtual("    vip_nmask = 255.255.255.0\n    address = 192.0.2.10 eth0:1").diagnostics.count == 1)
        #expect(
            parseGlobals("nat_nmask = 255.255.255.0").lines == [
                "5:1: warning: nat_nmask: ignored: nat_router is not set"
            ])
    }

    @Test func words() {
        #expect(
            parseVirtual("    scheduler = WLC").errors.map(\.message) == [
                "scheduler: invalid argument 'WLC': values are case-sensitive; did you mean 'wlc'?"
            ])
        #expect(
            parseVirtual("    protocol = icmp").errors.map(\.message) == [
                "protocol: invalid argument 'icmp'; expected one of: tcp, udp, sctp"
            ])
        #expect(parseVirtual("    protocol = sctp").config.virtualServices[0].transportProtocol == .sctp)
        #expect(
            parseGlobals("network = dr").errors.map(\.message) == [
                "network: invalid argument 'dr'; expected one of: nat, direct, tunnel"
            ])
        #expect(parseGlobals("heartbeat_protocol = lvsrouter").config.heartbeat.wireProtocol == .lvsrouter)
        #expect(parseGlobals("service = both").errors.count == 1)
        #expect(parseGlobals("reservation_conflict_action = nothing").config.reservationConflictAction == .nothing)
    }

    @Test func textValues() {
        let r = parseVirtual(
            #"""
                send = "GET / HTTP/1.0\r\n\r\n"
                expect = ab"c
            """#)
        #expect(r.diagnostics.isEmpty)
        #expect(r.config.virtualServices[0].check.send == #"GET / HTTP/1.0\r\n\r\n"#)
        #expect(r.config.virtualServices[0].check.expect == #"ab"c"#)
        #expect(parseVirtual(#"    send = "a 'b' c""#).config.virtualServices[0].check.send == "a 'b' c")
        #expect(parseVirtual(#"    send = ''"#).config.virtualServices[0].check.send == "")
        #expect(
            parseVirtual("    send = a\u{01}b").errors.map(\.message) == [
                "send: the value contains a control character"
            ])
        #expect(
            parseGlobals("active_cmd = /bin/run now").errors.map(\.message) == [
                "active_cmd: unexpected arguments: 'now' after the value (put a value that contains blanks in quotes)"
            ])
        let utf8 = parseVirtual("    expect = \"café\"")
        #expect(utf8.config.virtualServices[0].check.expect == "café")
        var bad = Array((validGlobals + validVirtual).utf8)
        bad += Array("# comment with latin-1 \u{0}".utf8.dropLast()) + [0xE9, 0x0A]
        #expect(parse(bytes: bad).diagnostics.isEmpty)
        var badValue =
            Array(validGlobals.utf8) + Array("rsh_command = ".utf8) + [0xFF, 0xFE, 0x0A] + Array(validVirtual.utf8)
        #expect(parse(bytes: badValue).errors.map(\.message) == ["rsh_command: the value is not valid UTF-8 text"])
        badValue =
            Array(validGlobals.utf8) + Array("syncd_iface = averyveryverylongname0\n".utf8) + Array(validVirtual.utf8)
        #expect(
            parse(bytes: badValue).errors.map(\.message) == [
                "syncd_iface: invalid interface name 'averyveryverylongname0' (expected a device such as eth0:1, at most 15 characters)"
            ])
        #expect(
            parseGlobals("heartbeat_key_file = hb.key").errors.map(\.message) == [
                "heartbeat_key_file: expected an absolute path, got 'hb.key'"
            ])
    }

    @Test func legacyAndGUIKeysAreWarnings() {
        let r = parse(
            validGlobals + """
                heartbeat = 1
                sync = 0
                debug_level = NONE
                virtual www {
                    active = 1
                    address = 192.0.2.10 eth0:1
                    master = 192.0.2.1
                    dirs = [ /etc /var/www ]
                    method = nat
                    deadtime = 10
                    heartbeat = 1
                    server rs1 {
                        address = 10.0.1.10
                        nmask = 255.255.255.0
                        active = 1
                    }
                }

                """)
        #expect(r.errorCount == 0)
        #expect(
            r.lines == [
                "11:5: warning: master: has no effect: files are not copied from 192.0.2.1 (Piranha's file sync is not part of this suite)",
                "12:5: warning: dirs: has no effect: directories are not copied to the other director (Piranha's file sync is not part of this suite)",
                "13:5: warning: method: ignored: the Piranha GUI wrote this key into blocks, but Piranha never read it there",
                "14:5: warning: deadtime: ignored: the Piranha GUI wrote this key into blocks, but Piranha never read it there",
                "15:5: warning: heartbeat: ignored: the Piranha GUI wrote this key into blocks, but Piranha never read it there",
                "18:9: warning: nmask: ignored: the Piranha GUI wrote this key into server blocks, but Piranha never read it",
            ])
        #expect(
            parseVirtual("    dirs = /etc").errors.map(\.message) == ["dirs: list expected (write 'dirs = [ a b ]')"])
    }

    @Test func failoverBlocksIgnoreLVSOnlyKeys() {
        let r = parse(
            """
            primary = 192.0.2.1
            service = fos
            failover ftp {
                active = 1
                address = 192.0.2.30 eth0:3
                scheduler = rr
                start_cmd = /bin/true
                stop_cmd = /bin/true
                server x {
                    address = 10.0.0.1
                }
            }

            """)
        #expect(
            r.lines == [
                "6:5: warning: scheduler: not used by failover services; ignored",
                "9:5: warning: server: failover services do not use server blocks; this one is ignored",
            ])
        #expect(
            parseVirtual("    start_cmd = /bin/true").lines == [
                "8:5: warning: start_cmd: used by failover services only; ignored in a virtual block"
            ])
    }

    @Test func duplicates() {
        let keys = parseGlobals("serial_no = 1\nserial_no = 2")
        #expect(keys.lines == ["6:1: warning: serial_no: set again; this value replaces the one on line 5"])
        #expect(keys.config.serialNumber == 2)
        let names = parse(
            validGlobals + validVirtual + """
                virtual www {
                    address = 192.0.2.11 eth0:2
                    server a {
                    }
                    server a {
                    }
                }

                """)
        #expect(
            names.errors.map(\.message) == [
                "virtual: duplicate virtual name 'www' (first defined on line 5)",
                "server: duplicate server name 'a' in virtual 'www' (first defined on line 15)",
            ])
        #expect(names.errors.map(\.column) == [9, 12])
    }

    @Test func blockStructure() {
        let r = parse(
            validGlobals + """
                server stray {
                    weight = 2
                }
                virtual {
                }
                virtual nobrace
                }
                virtual glued{
                }
                virtual x y
                }
                virtual = 1
                }
                virtual outer {
                    address = 192.0.2.50 eth0:9
                virtual inner {
                    address = 192.0.2.51 eth0:8
                }

                """)
        #expect(
            r.lines == [
                "1:1: warning: service: no active virtual service: pulse will not start",
                "5:1: error: server: a server block must be inside a virtual or failover block",
                "8:1: error: virtual: missing block name (expected 'virtual NAME {')",
                "10:16: error: virtual: missing '{' after 'virtual nobrace'",
                "12:14: error: virtual: put a blank between the block name and '{'",
                "14:11: error: virtual: expected '{' after 'virtual x', got 'y'",
                "16:1: error: virtual: a block, not a setting: write 'virtual NAME {' and close it with '}'",
                "17:1: error: }: no block is open here (one '}' too many, or a block header line is broken)",
                "20:1: error: virtual: blocks cannot be nested: virtual 'outer' opened on line 18 is not closed (missing '}')",
            ])
        #expect(r.config.virtualServices.map(\.name) == ["nobrace", "glued", "x", "outer", "inner"])
    }

    @Test func unknownAndMisplacedKeys() {
        #expect(
            parseVirtual("    schedular = wlc").errors.map(\.message) == [
                "unknown key 'schedular' (did you mean 'scheduler'?)"
            ])
        #expect(parseVirtual("    frobnicate = 1").errors.map(\.message) == ["unknown key 'frobnicate'"])
        #expect(
            parseVirtual("    \"port\" = 1").errors.map(\.message) == [
                "unknown key 'port' (keys are written without quotes)"
            ])
        #expect(
            parseGlobals("weight = 1").errors.map(\.message) == [
                "weight: not allowed in the global section; it belongs in a server block"
            ])
        #expect(
            parseVirtual("    primary = 192.0.2.1").errors.map(\.message) == [
                "primary: not allowed in virtual 'www'; it belongs in the global section (outside any block)"
            ])
        #expect(
            parseGlobals("scheduler = rr").errors.map(\.message) == [
                "scheduler: not allowed in the global section; it belongs in a virtual or failover block"
            ])
    }

    @Test func everyProblemIsReported() {
        let r = parse(
            """
            primary = 192.0.2.1
            serial_no = x
            keepalive = -1
            network = nat nat
            bogus = 1
            virtual www {
                active = 2
                address = 192.0.2.10
                server a {
                    weight = 70000
                }
            }

            """)
        #expect(r.errors.map(\.line) == [2, 3, 4, 5, 7, 8, 10])
        #expect(r.errorCount == 7)
    }
}
