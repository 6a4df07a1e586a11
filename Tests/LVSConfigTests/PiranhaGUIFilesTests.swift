import Addressing
import Testing
@testable import LVSConfig

/// Files as the Piranha Configuration Tool wrote them, and as admins published them from running
/// clusters: globals at column 0 in the GUI's fixed order (with `heartbeat = 1` and
/// `debug_level = NONE` always there), block keys indented five spaces, server keys nine, blank
/// lines inside blocks, trailing blanks, quoted `send`/`expect`. Each one ran under Piranha, so each
/// loads here, with exactly the warnings listed: none, unless a value asks for something that does
/// not happen.
@Suite struct PiranhaGUIFilesTests {
    /// A NAT web cluster with two services, exactly as the GUI writes it.
    static let natWebCluster = """
        serial_no = 37
        primary = 192.168.26.201
        service = lvs
        rsh_command = rsh
        backup_active = 1
        backup = 192.168.26.202
        heartbeat = 1
        heartbeat_port = 539
        keepalive = 6
        deadtime = 18
        network = nat
        nat_router = 10.11.12.254 eth1:1
        nat_nmask = 255.255.255.0
        debug_level = NONE
        monitor_links = 0
        syncdaemon = 0
        virtual web {
             active = 1
             address = 192.168.26.10 eth0:1
             vip_nmask = 255.255.255.0
             port = 80
             send = "GET / HTTP/1.0\\r\\n\\r\\n"
             expect = "HTTP"
             use_regex = 0
             load_monitor = none
             scheduler = wlc
             protocol = tcp
             timeout = 6
             reentry = 15
             quiesce_server = 0
             server web1 {
                 address = 10.11.12.1
                 active = 1
                 weight = 1
             }
             server web2 {
                 address = 10.11.12.2
                 active = 1
                 weight = 2
             }
        }
        virtual mail {
             active = 1
             address = 192.168.26.11 eth0:2
             vip_nmask = 255.255.255.0
             port = 25

             send = "EHLO lvs\\r\\n"
             expect = "220"
             scheduler = wrr
             protocol = tcp
             timeout = 10
             reentry = 180
             quiesce_server = 1
             server mx1 {
                 address = 10.11.12.3
                 active = 1
                 weight = 1
             }
        }

        """

    @Test func natWebClusterLoadsWithoutAWord() throws {
        let r = parse(Self.natWebCluster)
        #expect(r.lines == [])
        let c = r.config
        #expect(c.network == .nat && c.backupActive)
        #expect(c.natRouter?.device == "eth1:1")
        #expect(c.virtualServices.map(\.name) == ["web", "mail"])
        #expect(c.virtualServices[0].servers.map(\.weight) == [1, 2])
        #expect(c.virtualServices[1].check.quiesceServer)
    }

    /// Trailing blanks after values and after `{`, and a file saved with CRLF line ends.
    @Test func trailingBlanksAndCRLFChangeNothing() {
        let padded = Self.natWebCluster.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : $0 + "   " }.joined(separator: "\n")
        #expect(parse(padded).lines == [])
        let crlf = Self.natWebCluster.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(parse(crlf).lines == [])
        #expect(parse(crlf).config == parse(Self.natWebCluster).config)
    }

    /// Direct routing, services grouped by firewall mark (HTTP and HTTPS sticky together), with
    /// persistence and a persistence mask.
    @Test func directRoutingWithFirewallMarksAndPersistence() throws {
        let r = parse(
            """
            serial_no = 112
            primary = 10.0.0.1
            service = lvs
            backup_active = 1
            backup = 10.0.0.2
            heartbeat = 1
            heartbeat_port = 539
            keepalive = 2
            deadtime = 6
            network = direct
            debug_level = NONE
            monitor_links = 1
            syncdaemon = 1
            virtual shop {
                 active = 1
                 address = 10.0.0.100 eth0:1
                 vip_nmask = 255.255.255.255
                 fwmark = 80
                 port = 80
                 persistent = 1800
                 pmask = 255.255.255.0
                 send = "GET /health HTTP/1.0\\r\\n\\r\\n"
                 expect = "HTTP/1.[01] 200"
                 use_regex = 1
                 load_monitor = none
                 scheduler = wlc
                 protocol = tcp
                 timeout = 6
                 reentry = 15
                 quiesce_server = 0

                 server app1 {
                     address = 10.0.0.11
                     active = 1
                     weight = 100
                 }

                 server app2 {
                     address = 10.0.0.12
                     active = 0
                     weight = 100
                 }
            }

            """)
        #expect(r.lines == [])
        let shop = try #require(r.config.virtualService(named: "shop"))
        #expect(shop.identity == .firewallMark(80, .inet))
        #expect(shop.persistence == Persistence(timeout: 1800, netmask: .v4(IPv4Netmask(prefixLength: 24)!)))
        #expect(shop.check.useRegex)
        #expect(r.config.monitorLinks && r.config.syncDaemon.enabled)
    }

    /// A MySQL pair: the GUI writes empty `send` and `expect` when only a connect is wanted.
    @Test func mysqlWithEmptySendAndExpectIsAConnectCheck() throws {
        let r = parse(
            """
            serial_no = 5
            primary = 172.16.0.1
            service = lvs
            backup_active = 1
            backup = 172.16.0.2
            heartbeat = 1
            heartbeat_port = 539
            keepalive = 6
            deadtime = 18
            network = direct
            debug_level = NONE
            virtual mysql {
                 active = 1
                 address = 172.16.0.50 eth0:1
                 port = 3306
                 send = ""
                 expect = ""
                 load_monitor = none
                 scheduler = lc
                 protocol = tcp
                 timeout = 6
                 reentry = 15
                 server db1 {
                     address = 172.16.0.11
                     active = 1
                     weight = 1
                 }
                 server db2 {
                     address = 172.16.0.12
                     active = 1
                     weight = 1
                 }
            }

            """)
        #expect(r.lines == [])
        let mysql = try #require(r.config.virtualService(named: "mysql"))
        // Passed on as written; nanny reads an empty send and expect as "connect only".
        #expect(mysql.check.send == "" && mysql.check.expect == "")
        #expect(mysql.servers.map(\.port) == [3306, 3306])
    }

    /// The published Squid pair: `pmask` without `persistent`. Piranha ignored the mask.
    @Test func squidWithAMaskButNoPersistenceLoadsWithOneWarning() throws {
        let r = parse(
            """
            serial_no = 21
            primary = 192.0.2.1
            service = lvs
            backup_active = 1
            backup = 192.0.2.2
            heartbeat = 1
            heartbeat_port = 539
            keepalive = 6
            deadtime = 18
            network = direct
            debug_level = NONE
            virtual proxy {
                 active = 1
                 address = 192.0.2.80 eth0:1
                 port = 8080
                 pmask = 255.255.255.0
                 send = "GET http://localhost/ HTTP/1.0\\r\\n\\r\\n"
                 expect = "HTTP"
                 scheduler = wlc
                 protocol = tcp
                 timeout = 6
                 reentry = 15
                 server squid1 {
                     address = 192.0.2.11
                     active = 1
                     weight = 1
                 }
            }

            """)
        #expect(r.errorCount == 0)
        #expect(
            r.lines == [
                "16:6: warning: pmask: has no effect without persistence (set persistent to a number of seconds to use it)"
            ])
        #expect(r.config.virtualService(named: "proxy")?.persistence == nil)
    }

    /// The legacy keys: the values the GUI writes are silent; values that ask for something
    /// that does not happen say so.
    @Test func legacyKeysWarnOnlyWhenTheyAskForSomething() {
        let silent = parseGlobals("heartbeat = 1\nsync = 0\ndebug_level = NONE")
        #expect(silent.lines == [])
        let asking = parseGlobals("heartbeat = 0\nsync = 1\ndebug_level = ALL")
        #expect(
            asking.lines == [
                "5:13: warning: heartbeat: 0 has no effect: heartbeats are sent whenever backup_active = 1 (as under Piranha)",
                "6:8: warning: sync: 1 has no effect: lvs.cf is not copied to the other director; copy it yourself (as under Piranha)",
                "7:15: warning: debug_level: 'ALL' has no effect: for debug messages start pulse and lvsd with --verbose",
            ])
        // Piranha refused these values, so no file it ran has them.
        #expect(
            parseGlobals("heartbeat = yes").errors.map(\.message) == ["heartbeat: boolean expected (0 or 1), got 'yes'"]
        )
        #expect(parseVirtual("    master = 0\n    dirs = [ ]").lines == [])
    }

    /// A file that selects one kind of service and also has blocks of the other (a GUI user who
    /// tried FOS first): Piranha ran the selected kind.
    @Test func blocksOfTheOtherKindAreIgnoredWithAWarning() {
        let r = parse(
            validGlobals + validVirtual + """
                failover ftp {
                     active = 0
                     address = 192.0.2.30 eth0:3
                }

                """)
        #expect(
            r.lines == [
                "13:1: warning: failover: ignored: service = lvs runs only the virtual blocks (1 failover block not used)"
            ])
        #expect(r.config.virtualServices.count == 1)
    }

    /// Piranha cleared `backup_active` when no backup was defined, and ran alone.
    @Test func backupActiveWithoutABackupRunsAlone() {
        let r = parse("primary = 192.0.2.1\nbackup = 0.0.0.0\nbackup_active = 1\nnetwork = direct\n" + validVirtual)
        #expect(
            r.lines == [
                "3:1: warning: backup_active: 1 has no effect: no backup director is defined (set backup to its public address); running without a backup"
            ])
        #expect(!r.config.hasBackup)
    }

    /// A leftover `nat_router` in a direct-routing file: Piranha brought it up only in NAT mode.
    @Test func natRouterOutsideNATIsIgnored() {
        let r = parseGlobals("nat_router = 10.0.1.254 eth1:1\nnat_nmask = 255.255.255.0")
        #expect(
            r.lines == [
                "5:1: warning: nat_router: ignored: network is direct, and only NAT directors are the real servers' gateway"
            ])
    }

    /// keepalived.conf given as lvs.cf: one error, at its first keepalived keyword, and nothing else.
    @Test func keepalivedConfIsRecognisedInOneError() {
        let r = parse(
            """
            ! Configuration File for keepalived

            global_defs {
               router_id LVS_DEVEL
            }

            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    192.168.200.16
                }
            }

            virtual_server 192.168.200.16 80 {
                lb_algo rr
                lb_kind NAT
                real_server 192.168.201.100 80 {
                    weight 1
                }
            }

            """, file: "/etc/sysconfig/ha/lvs.cf")
        #expect(
            r.diagnostics.map(\.description) == [
                "/etc/sysconfig/ha/lvs.cf:3:1: error: global_defs: this looks like keepalived.conf, not lvs.cf (global_defs is a keepalived keyword; lvs.cf has settings such as 'primary = ADDRESS' and blocks such as 'virtual NAME {')"
            ])
        // Without global_defs, the first keepalived keyword is the one named.
        let vrrpOnly = parse("# keepalived\nvrrp_instance VI_1 {\n    state BACKUP\n}\n")
        #expect(
            vrrpOnly.lines == [
                "2:1: error: vrrp_instance: this looks like keepalived.conf, not lvs.cf (vrrp_instance is a keepalived keyword; lvs.cf has settings such as 'primary = ADDRESS' and blocks such as 'virtual NAME {')"
            ])
        let servers = parse("virtual_server 10.0.0.1 80 {\n}\n")
        #expect(
            servers.errorCount == 1
                && servers.lines.first?.hasPrefix("1:1: error: virtual_server: this looks like keepalived.conf") == true
        )
    }
}
