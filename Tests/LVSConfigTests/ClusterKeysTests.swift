import Addressing
import Testing
@testable import LVSConfig

/// `cluster_mode = bgp` and its keys, and `scheduler_flags`.
@Suite struct ClusterKeysTests {
    static let cluster = """
        service = lvs
        network = direct
        cluster_mode = bgp
        cluster_directors = 10.0.0.11 10.0.0.12 10.0.0.13
        bgp_local_as = 65010
        bgp_neighbors = 10.0.0.1 65000 10.0.0.2 65001

        """
    static let mhVirtual = """
        virtual www {
            active = 1
            address = 192.0.2.10 lo
            scheduler = mh
            scheduler_flags = mh-port mh-fallback
            quiesce_server = 1
            server rs1 {
                address = 10.0.1.10
                active = 1
            }
        }

        """

    @Test func aClusterIsReadWithEveryDefault() throws {
        let r = parse(Self.cluster + Self.mhVirtual)
        #expect(r.lines == [])
        let c = r.config.cluster
        #expect(c.isActiveActive)
        #expect(c.directors == ["10.0.0.11", "10.0.0.12", "10.0.0.13"].map { IPAddress($0)! })
        #expect(c.localAS == 65010)
        #expect(
            c.neighbors == [
                ClusterSettings.Neighbor(address: IPAddress("10.0.0.1")!, autonomousSystem: 65000),
                ClusterSettings.Neighbor(address: IPAddress("10.0.0.2")!, autonomousSystem: 65001),
            ])
        #expect(!c.bfd)
        #expect(c.holdTime == 9)
        #expect(c.birdSocket == "/run/bird/bird.ctl")
        #expect(c.birdInclude == "/etc/bird/lvsrouter.conf")
        #expect(r.config.virtualServices[0].schedulerFlags == [.mhPort, .mhFallback])
    }

    @Test func theOptionalKeys() {
        let r = parse(
            Self.cluster
                + "bgp_bfd = 1\nbgp_bfd_interval = 300\nbgp_hold_time = 30\nbird_socket = /run/b.ctl\nbird_include = /etc/bird/vips.conf\n"
                + Self.mhVirtual)
        #expect(r.lines == [])
        #expect(r.config.cluster.bfd)
        #expect(r.config.cluster.holdTime == 30)
        #expect(r.config.cluster.bfdInterval == 300)
        #expect(r.config.cluster.birdSocket == "/run/b.ctl")
        #expect(r.config.cluster.birdInclude == "/etc/bird/vips.conf")
    }

    @Test func badValuesNameTheKeyAndTheValue() {
        #expect(
            parse(Self.cluster + "bgp_hold_time = 2\n" + Self.mhVirtual).lines
                == ["7:17: error: bgp_hold_time: expected a whole number of seconds 3-65535, got '2' (out of range)"])
        #expect(
            parse(Self.cluster + "bird_socket = bird.ctl\n" + Self.mhVirtual).lines
                == ["7:15: error: bird_socket: expected an absolute path, got 'bird.ctl'"])
        #expect(
            parse(
                Self.cluster.replacingOccurrences(of: "65000 10.0.0.2 65001", with: "65000 10.0.0.2") + Self.mhVirtual
            )
            .lines == [
                "6:32: error: bgp_neighbors: an address without its AS number (expected pairs of router address and AS number, such as 10.0.0.1 65000)"
            ])
        #expect(
            parse(
                Self.cluster.replacingOccurrences(of: "10.0.0.12 10.0.0.13", with: "10.0.0.11 0.0.0.0") + Self.mhVirtual
            )
            .lines == [
                "4:31: error: cluster_directors: 10.0.0.11 is listed twice",
                "4:41: error: cluster_directors: '0.0.0.0' cannot be a director's own address",
            ])
        #expect(
            parse(Self.cluster.replacingOccurrences(of: "= bgp", with: "= ecmp") + Self.mhVirtual).lines
                .contains("3:16: error: cluster_mode: invalid argument 'ecmp'; expected one of: pair, bgp"))
    }

    @Test func whatAClusterNeeds() {
        let bare = "service = lvs\nnetwork = direct\ncluster_mode = bgp\n" + Self.mhVirtual
        #expect(
            parse(bare).lines == [
                "3:1: error: cluster_directors: missing: list every director's own address (pulse finds its own among them)",
                "3:1: error: bgp_local_as: missing: the directors' AS number is needed for BGP",
                "3:1: error: bgp_neighbors: missing: name the routers and their AS numbers, such as 10.0.0.1 65000",
            ])
        let nat = parse(
            Self.cluster.replacingOccurrences(of: "network = direct", with: "network = nat") + Self.mhVirtual)
        #expect(
            nat.lines == [
                "2:1: error: network: nat cannot be used with cluster_mode = bgp: a real server's replies go back through its one gateway, not the director that forwarded the request (use direct or tunnel)"
            ])
        let v6 = parse(
            Self.cluster.replacingOccurrences(of: "10.0.0.2 65001", with: "2001:db8::1 65001") + Self.mhVirtual)
        #expect(
            v6.lines == [
                "6:1: error: bgp_neighbors: 2001:db8::1 is IPv6 but no director address in cluster_directors is; a session needs a local address of its family"
            ])
    }

    @Test func theKeysOfAPairAreRefusedInACluster() {
        let r = parse(Self.cluster + "primary = 10.0.0.11\nbackup_active = 1\nkeepalive = 1\n" + Self.mhVirtual)
        let tail =
            ": has no meaning with cluster_mode = bgp: every director is active and the routers, not heartbeats, decide where traffic goes (remove the line)"
        #expect(
            r.lines == [
                "7:1: error: primary" + tail, "8:1: error: backup_active" + tail, "9:1: error: keepalive" + tail,
            ])
    }

    @Test func theBGPKeysAreRefusedInAPair() {
        let r = parseGlobals("bgp_local_as = 65010")
        #expect(
            r.errors.map(\.message) == [
                "bgp_local_as: only used with cluster_mode = bgp (this file describes a pair of directors)"
            ])
    }

    @Test func aSchedulerThatIsNotAHashIsWarnedAbout() {
        let r = parse(
            Self.cluster
                + Self.mhVirtual.replacingOccurrences(of: "scheduler = mh", with: "scheduler = wlc")
                .replacingOccurrences(of: "scheduler_flags = mh-port mh-fallback\n", with: ""))
        #expect(
            r.lines == [
                "10:5: warning: scheduler: wlc in virtual 'www' picks real servers on each director apart: a connection the routers move to another director (one died or was drained) may reach another real server and break; mh keeps it on its server"
            ])
    }

    @Test func schedulerFlagsBelongToTheirScheduler() {
        #expect(
            parseVirtual("scheduler = wlc\nscheduler_flags = mh-port").errors.map(\.message) == [
                "scheduler_flags: mh-port is a flag of scheduler mh, but virtual 'www' uses wlc"
            ])
        #expect(parseVirtual("scheduler = sh\nscheduler_flags = sh-port flag-3 sh-port").errors == [])
        #expect(
            parseVirtual("scheduler = sh\nscheduler_flags = sh-port flag-3 sh-port").config.virtualServices[0]
                .schedulerFlags == [.shPort, .flag3])
        #expect(
            parseVirtual("scheduler_flags = port").errors.map(\.message) == [
                "scheduler_flags: invalid argument 'port'; expected one of: mh-fallback, mh-port, sh-fallback, sh-port, flag-1, flag-2, flag-3"
            ])
    }

    @Test func theRendererWritesAClusterThatParsesBack() throws {
        let r = parse(Self.cluster + "bgp_bfd = 1\nbgp_hold_time = 30\n" + Self.mhVirtual)
        let text = try LVSConfigRenderer().render(r.config)
        #expect(text.contains("cluster_directors = 10.0.0.11 10.0.0.12 10.0.0.13"))
        #expect(!text.contains("backup_active"))
        let again = parse(text)
        #expect(again.lines == [])
        #expect(again.config == r.config)
    }
}
