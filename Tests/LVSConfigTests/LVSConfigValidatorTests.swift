import Addressing
import Testing
@testable import LVSConfig

/// The checks that look at the whole file: each one, and where it points.
@Suite struct LVSConfigValidatorTests {
    @Test func backupActiveWithoutABackupIsCleared() {
        let r = parse("primary = 192.0.2.1\nbackup_active = 1\nnetwork = direct\n" + validVirtual)
        #expect(
            r.lines == [
                "2:1: warning: backup_active: 1 has no effect: no backup director is defined (set backup to its public address); running without a backup"
            ])
        #expect(!r.config.hasBackup)
        // An unusable backup is reported once, not again by backup_active.
        let bad = parse(
            "primary = 192.0.2.1\nbackup = nowhere.example\nbackup_active = 1\nnetwork = direct\n" + validVirtual)
        #expect(bad.lines == ["2:10: error: backup: cannot resolve host 'nowhere.example'"])
    }

    @Test func warmStandbyWithoutABackupIsIgnored() {
        let r = parse("primary = 192.0.2.1\nnetwork = direct\nwarm_standby = 0\n" + validVirtual)
        #expect(
            r.lines == [
                "3:1: warning: warm_standby: ignored: there is no backup director (backup_active = 0), so lvsd always runs on "
                    + "the primary"
            ])
        #expect(
            parse("primary = 192.0.2.1\nnetwork = direct\nwarm_standby = 2\n" + validVirtual).lines
                == ["3:16: error: warm_standby: boolean expected (0 or 1), got '2'"])
    }

    @Test func primaryIsRequired() {
        let r = parse("backup = 192.0.2.2\nnetwork = direct\n" + validVirtual)
        #expect(r.lines == ["1:1: error: primary: missing: set primary to the primary director's public address"])
    }

    @Test func directorAddresses() {
        #expect(
            parse("primary = 192.0.2.1\nbackup = 192.0.2.1\nnetwork = direct\n" + validVirtual).lines
                == ["2:1: error: backup: the same address as primary (192.0.2.1)"])
        #expect(
            parse("primary = 192.0.2.1\nbackup = 2001:db8::2\nnetwork = direct\n" + validVirtual).lines
                == ["2:1: error: backup: IPv6 but primary is IPv4; both directors must use the same address family"])
        #expect(
            parseGlobals("primary_private = 10.9.0.1\nbackup_private = 10.9.0.1").lines
                == ["6:1: error: backup_private: the same address as primary_private (10.9.0.1)"])
        #expect(parseGlobals("primary_private = 10.9.0.1\nbackup_private = 2001:db8::9").errors.count == 1)
    }

    @Test func duplicateServiceIdentities() {
        let both = parse(
            validGlobals + validVirtual + """
                virtual copy {
                    active = 1
                    address = 192.0.2.10 eth0:7
                    server rs1 {
                        address = 10.0.1.11
                        active = 1
                    }
                }

                """)
        #expect(both.lines == ["15:5: error: address: TCP 192.0.2.10:80 is already defined by virtual 'www' on line 5"])
        let inactive = parse(
            validGlobals + validVirtual + """
                virtual copy {
                    address = 192.0.2.10 eth0:7
                }

                """)
        #expect(
            inactive.lines == [
                "14:5: warning: address: TCP 192.0.2.10:80 is already defined by virtual 'www' on line 5; both cannot be active"
            ])
        let otherPort = parse(
            validGlobals + validVirtual + "virtual other {\n    address = 192.0.2.10 eth0:7\n    port = 443\n}\n")
        #expect(otherPort.diagnostics.isEmpty)
        let marks = parse(
            validGlobals + """
                virtual a {
                    active = 1
                    address = 192.0.2.10 eth0:1
                    fwmark = 5
                    server s { 
                        address = 10.0.1.1
                        active = 1
                    }
                }
                virtual b {
                    active = 1
                    address = 192.0.2.11 eth0:2
                    fwmark = 5
                    server s {
                        address = 10.0.1.2
                        active = 1
                    }
                }

                """)
        #expect(marks.lines == ["17:5: error: fwmark: FWM 5 is already defined by virtual 'a' on line 5"])
    }

    @Test func duplicateRealServers() {
        let r = parse(
            validGlobals + """
                virtual www {
                    active = 1
                    address = 192.0.2.10 eth0:1
                    port = 80
                    server a {
                        address = 10.0.1.10
                        active = 1
                    }
                    server b {
                        address = 10.0.1.10
                        port = 80
                        active = 1
                    }
                    server c {
                        address = 10.0.1.10
                        port = 81
                        active = 1
                    }
                    server d {
                        address = 10.0.1.10
                    }
                }

                """)
        #expect(
            r.lines == [
                "14:9: error: address: 10.0.1.10:80 is already used by server 'a' on line 9 in virtual 'www'",
                "24:9: warning: address: 10.0.1.10:80 is already used by server 'a' on line 9 in virtual 'www'; both cannot be active",
            ])
    }

    @Test func natRouterNeedsNAT() {
        let r = parseGlobals("nat_router = 10.0.1.254 eth1:1")
        #expect(
            r.lines == [
                "5:1: warning: nat_router: ignored: network is direct, and only NAT directors are the real servers' gateway"
            ])
        let nat = parse("primary = 192.0.2.1\nbackup = 192.0.2.2\nbackup_active = 1\nnetwork = nat\n" + validVirtual)
        #expect(
            nat.lines == [
                "4:1: warning: network: nat with a backup director but no nat_router: the real servers' gateway address will not move to the backup on failover"
            ])
        #expect(
            parseGlobals("nat_router = 0.0.0.0 eth1:1").errors.map(\.message) == [
                "nat_router: 0.0.0.0 is not a usable gateway address"
            ])
        #expect(
            parseGlobals("nat_router = 10.0.1.254").errors.map(\.message) == [
                "nat_router: missing arguments (expected ADDRESS DEVICE, such as 10.0.1.254 eth1:1)"
            ])
    }

    @Test func onlyTheSelectedKindOfServiceRuns() {
        let r = parse(
            validGlobals + validVirtual + """
                failover ftp {
                    active = 1
                    address = 192.0.2.30 eth0:3
                    start_cmd = /bin/true
                    stop_cmd = /bin/true
                }

                """)
        #expect(
            r.lines == [
                "13:1: warning: failover: ignored: service = lvs runs only the virtual blocks (1 failover block not used)"
            ])
        let fos = parse("primary = 192.0.2.1\nservice = fos\n" + validVirtual)
        #expect(fos.lines == ["2:1: error: service: fos, but the file has only virtual blocks (set service = lvs)"])
        let lvs = parse("primary = 192.0.2.1\nfailover f {\n    start_cmd = a\n    stop_cmd = b\n}\n")
        #expect(lvs.lines == ["1:1: error: service: lvs, but the file has only failover blocks (set service = fos)"])
    }

    @Test func failoverNeedsStartAndStopCommands() {
        let r = parse(
            "primary = 192.0.2.1\nservice = fos\nfailover f {\n    active = 1\n    address = 192.0.2.30 eth0:3\n}\n")
        #expect(
            r.lines == [
                "3:1: error: failover: failover 'f' has no start_cmd (a failover service needs start_cmd and stop_cmd)",
                "3:1: error: failover: failover 'f' has no stop_cmd (a failover service needs start_cmd and stop_cmd)",
            ])
        let noAddress = parse(
            "primary = 192.0.2.1\nservice = fos\nfailover f {\n    active = 1\n    start_cmd = a\n    stop_cmd = b\n}\n"
        )
        #expect(
            noAddress.lines == [
                "3:1: error: failover: active failover 'f' has no address (expected 'address = IP DEVICE')"
            ])
    }

    @Test func weightRange() {
        let r = parse(
            validGlobals
                + "virtual www {\n    active = 1\n    address = 192.0.2.10 eth0:1\n    server a {\n        address = 10.0.1.1\n        active = 1\n        weight = 65536\n    }\n    server b {\n        address = 10.0.1.2\n        weight = -1\n    }\n}\n"
        )
        #expect(
            r.errors.map(\.message) == [
                "weight: expected an integer 0-65535, got '65536' (out of range)",
                "weight: expected an integer 0-65535, got '-1' (out of range)",
            ])
        #expect(
            parse(
                validGlobals
                    + "virtual www {\n    active = 1\n    address = 192.0.2.10 eth0:1\n    server a {\n        address = 10.0.1.1\n        active = 1\n        weight = 65535\n    }\n}\n"
            ).diagnostics.isEmpty)
    }

    @Test func reentryShorterThanTimeout() {
        let r = parseVirtual("    timeout = 30\n    reentry = 10")
        #expect(
            r.lines == [
                "9:5: warning: reentry: 10 s is shorter than timeout (30 s): a failed server in virtual 'www' is re-added after its first good check"
            ])
        #expect(
            parseVirtual("    timeout = 200").lines == [
                "5:1: warning: reentry: 180 s is shorter than timeout (200 s): a failed server in virtual 'www' is re-added after its first good check"
            ])
    }

    @Test func activeVirtualWithoutActiveServer() {
        let r = parse(
            validGlobals
                + "virtual www {\n    active = 1\n    address = 192.0.2.10 eth0:1\n    server a {\n        address = 10.0.1.1\n    }\n}\n"
        )
        #expect(r.lines == ["5:1: warning: virtual: active virtual 'www' has no active real server"])
        let sorry = parse(
            validGlobals
                + "virtual www {\n    active = 1\n    address = 192.0.2.10 eth0:1\n    sorry_server = 10.0.9.9\n}\n")
        #expect(
            sorry.lines == [
                "5:1: warning: virtual: active virtual 'www' has no active real server; only the sorry server 10.0.9.9 will answer"
            ])
        // Inactive services are not checked for it.
        #expect(
            parse(validGlobals + validVirtual + "virtual off {\n    address = 192.0.2.11 eth0:2\n}\n").diagnostics
                .isEmpty)
    }

    @Test func unusableAddresses() {
        let noAddress = parse(
            validGlobals
                + "virtual www {\n    active = 1\n    server a {\n        address = 10.0.1.1\n        active = 1\n    }\n}\n"
        )
        #expect(
            noAddress.lines == [
                "5:1: error: virtual: active virtual 'www' has no address (expected 'address = VIP DEVICE')"
            ])
        let zero = parse(
            validGlobals
                + "virtual www {\n    active = 1\n    address = 0.0.0.0 eth0:1\n    server a {\n        address = 10.0.1.1\n        active = 1\n    }\n}\n"
        )
        #expect(zero.lines == ["7:5: error: address: 0.0.0.0 is not a usable virtual address in active virtual 'www'"])
        let serverZero = parse(
            validGlobals
                + "virtual www {\n    active = 1\n    address = 192.0.2.10 eth0:1\n    server a {\n        address = 0.0.0.0\n        active = 1\n    }\n    server b {\n        active = 1\n    }\n}\n"
        )
        #expect(
            serverZero.lines == [
                "9:9: error: address: 0.0.0.0 is not a usable real server address (server 'a' in virtual 'www')",
                "12:5: error: server: active server 'b' in virtual 'www' has no address",
            ])
        // What the Piranha GUI writes for a new, inactive service is fine.
        let gui = parse(
            validGlobals + validVirtual
                + "virtual [server_name] {\n    address = 0.0.0.0 eth0:1\n    active = 0\n    server [unnamed] {\n        address = 0.0.0.0\n        active = 0\n        weight = 1\n    }\n}\n"
        )
        #expect(gui.diagnostics.isEmpty)
    }

    @Test func addressFamiliesMix() {
        let text =
            validGlobals
            + "virtual www {\n    active = 1\n    address = 192.0.2.10 eth0:1\n    sorry_server = 2001:db8::9\n    server a {\n        address = 2001:db8::1\n        active = 1\n    }\n}\n"
        #expect(
            parse(text).lines == [
                "8:5: error: sorry_server: IPv6 address for the IPv4 virtual 'www'; only network = tunnel can mix families",
                "10:9: error: address: IPv6 real server in the IPv4 virtual 'www'; only network = tunnel can mix families",
            ])
        #expect(parse(text.replacingOccurrences("network = direct", "network = tunnel")).diagnostics.isEmpty)
    }

    @Test func heartbeatTiming() {
        #expect(
            parseGlobals("keepalive = 5\ndeadtime = 5").lines == [
                "6:1: error: deadtime: 5 s must be longer than keepalive (5 s): the peer would be declared dead between two heartbeats"
            ])
        #expect(
            parseGlobals("keepalive = 6").lines == [
                "5:1: error: deadtime: 5 s must be longer than keepalive (6 s): the peer would be declared dead between two heartbeats"
            ])
        // A rejected keepalive is not also compared with deadtime as its default.
        #expect(parseGlobals("deadtime = 1\nkeepalive = abc").lines.filter { $0.contains("must be longer") } == [])
        #expect(parseGlobals("keepalive = 0.2\ndeadtime = 1").diagnostics.isEmpty)
    }

    @Test func checkSettings() {
        #expect(
            parseVirtual("    use_regex = 1").lines == ["8:5: warning: use_regex: set, but virtual 'www' has no expect"]
        )
        #expect(
            parseVirtual("    send = x\n    send_program = /bin/check").lines == [
                "8:5: warning: send: ignored: send_program overrides it in virtual 'www'"
            ])
    }

    @Test func noActiveService() {
        let r = parse(validGlobals + "virtual www {\n    address = 192.0.2.10 eth0:1\n}\n")
        #expect(r.lines == ["1:1: warning: service: no active virtual service: pulse will not start"])
    }
}
