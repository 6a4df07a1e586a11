import Control
import Testing

@testable import lvsctl

/// `lvsctl status`'s table for people, from fixed answers of pulse and lvsd.
@Suite struct DirectorReportTests {
    func pulse(state: PulseStatus.State = .active, peer: PulseStatus.PeerState = .inactive) -> PulseStatus {
        var status = PulseStatus(
            role: .primary, state: state, peerState: peer,
            heartbeatPaths: [
                .init(name: "public", peerAddress: "192.0.2.2", lastHeartbeatAge: 0.041),
                .init(name: "private", peerAddress: "10.9.0.2", lastHeartbeatAge: nil),
            ],
            virtualAddresses: state == .active ? ["192.0.2.10/24 on eth0:1"] : [])
        status.failoverState = state == .active ? "active" : "inactive"
        status.peerAnnouncedState = peer == .active ? "active" : "inactive"
        status.address = "192.0.2.1"
        status.peerAddress = "192.0.2.2"
        status.keepalive = 0.25
        status.deadtime = 1
        status.faults = []
        status.lvsd =
            state == .active
            ? .init(running: true, pid: 4321) : .init(running: false, note: "not running: this director is inactive")
        status.configSerial = "0000abcd"
        status.peerConfigSerial = "0000abcd"
        status.table = .init(state: "ready", acceptsHandover: true)
        status.peerTable = .init(state: "checking", awaitingFirstCheck: 2, acceptsHandover: false)
        return status
    }

    let services = LVSDStatus(services: [
        VirtualServiceStatus(
            name: "www", protocolName: "tcp", address: "192.0.2.10", port: 80, scheduler: "wlc",
            realServers: [
                RealServerStatus(
                    name: "web1", address: "10.0.1.10", port: 80, health: .up, weight: 10, configuredWeight: 10,
                    lastCheck: .init(passed: true, detail: "HTTP/1.0 200 OK", at: 0)),
                RealServerStatus(
                    name: "web2", address: "10.0.1.11", port: 8080, health: .down, weight: 0, configuredWeight: 5,
                    lastCheck: .init(passed: false, detail: "connection refused", at: 0), drainedByHand: true),
            ]),
        VirtualServiceStatus(
            name: "mark", protocolName: "fwmark", firewallMark: 7, scheduler: "rr", sorryServerActive: true,
            realServers: []),
    ])

    @Test func anActiveDirectorShowsBothDirectorsAndEveryServer() {
        let report = DirectorReport(pulse: pulse(), lvsd: services)
        #expect(
            report.text == [
                "this director  192.0.2.1  primary  active    table ready",
                "peer           192.0.2.2  backup   inactive  table checking (2 real servers awaiting a first check)",
                "  VIPs held here: 192.0.2.10/24 on eth0:1",
                "  last heartbeat: public 0.04 s ago from 192.0.2.2, private never from 10.9.0.2",
                "  keepalive 0.25 s, deadtime 1.0 s",
                "  lvsd: running (PID 4321)",
                "",
                "Virtual services in this director's table",
                "  www  TCP 192.0.2.10:80  wlc",
                "    web1  10.0.1.10:80    up             weight 10/10  last check passed: HTTP/1.0 200 OK",
                "    web2  10.0.1.11:8080  down, drained  weight 0/5    last check failed: connection refused",
                "  mark  FWM 7  rr  (sorry server answering)",
                "    no real servers",
            ])
        #expect(report.lvsdAbsenceExpected == false)
    }

    /// `heartbeat_protocol = vrrp`: the virtual router instead of paths and timing; a master
    /// cannot hear its silent backup; a backup names the master it follows.
    @Test func aVRRPDirectorShowsItsVirtualRouter() {
        var master = pulse(peer: .unknown)
        master.heartbeatPaths = []
        master.keepalive = nil
        master.deadtime = nil
        master.peerAnnouncedState = nil
        master.peerTable = nil
        master.vrrp = VRRPStatus(
            version: 3, virtualRouterID: 51, priority: 150, advertInterval: 0.2, preempt: true, master: nil,
            masterPriority: nil, sinceMasterHeard: nil, received: 0)
        master.droppedHeartbeats = ["ttl": 3]
        let text = DirectorReport(pulse: master, lvsd: services).text
        #expect(text[1] == "peer           192.0.2.2  backup   not heard (a VRRP backup is silent)")
        #expect(text[3] == "  VRRPv3 router 51, priority 150, every 0.2 s; 0 advertisements accepted")
        #expect(text[4] == "  VRRP packets dropped or mismatched: ttl 3")
        var backup = pulse(state: .inactive, peer: .active)
        backup.heartbeatPaths = []
        backup.vrrp = VRRPStatus(
            version: 2, virtualRouterID: 51, priority: 100, advertInterval: 1, preempt: false, master: "192.0.2.2",
            masterPriority: 150, sinceMasterHeard: 0.31, received: 12)
        #expect(
            DirectorReport(pulse: backup, lvsd: services).text.contains(
                "  VRRPv2 router 51, priority 100, every 1.0 s, not preempting; master 192.0.2.2 (priority 150), heard "
                    + "0.31 s ago; 12 advertisements accepted"))
    }

    @Test func anInactiveDirectorShowsItsOwnWarmTable() {
        var status = pulse(state: .inactive, peer: .active)
        status.lvsd = .init(running: true, pid: 4322)
        let report = DirectorReport(pulse: status, lvsd: services)
        #expect(report.text.contains("  VIPs held here: none"))
        #expect(report.text.contains("Virtual services in this director's table"))
        #expect(report.text.contains { $0.hasPrefix("    web1  10.0.1.10:80    up") })
    }

    @Test func aWarmStandbyWhoseLVSDDoesNotAnswerIsAProblem() {
        var status = pulse(state: .inactive, peer: .active)
        status.table = .init(state: "down", acceptsHandover: false)
        status.lvsd = .init(running: false, note: "restarting in 420.0 ms (the kernel's table stays meanwhile)")
        let note = DirectorReport.note(for: status, error: .notRunning(daemon: "lvsd", path: "/run/lvsd/lvsd.sock"))
        #expect(
            note == "this director stands by with warm standby, but its lvsd does not answer: lvsd is not running "
                + "(no socket at /run/lvsd/lvsd.sock) (pulse: lvsd restarting in 420.0 ms (the kernel's table stays meanwhile))"
        )
        let report = DirectorReport(pulse: status, lvsdNote: note)
        #expect(!report.lvsdAbsenceExpected)
        #expect(report.text.first == "this director  192.0.2.1  primary  inactive  table lvsd not running")
    }

    @Test func aColdStandbyDirectorSaysWhereTheServicesAre() {
        var status = pulse(state: .inactive, peer: .active)
        status.table = .init(state: "cold", acceptsHandover: true)
        let note = DirectorReport.note(for: status, error: .notRunning(daemon: "lvsd", path: "/run/lvsd/lvsd.sock"))
        #expect(
            note == "lvsd does not run on an inactive director: the services are served by the peer 192.0.2.2 (active)")
        let report = DirectorReport(pulse: status, lvsdNote: note)
        #expect(report.text.last == "Virtual services: \(note)")
        #expect(report.text.contains("  VIPs held here: none"))
        #expect(report.lvsdAbsenceExpected)
    }

    @Test func nobodyServingAndADifferentConfigAreSpelledOut() {
        var status = pulse(state: .inactive, peer: .inactive)
        status.table = .init(state: "cold", acceptsHandover: true)
        status.peerConfigSerial = "00001234"
        status.faults = ["lvsd exited with status 1"]
        status.droppedHeartbeats = ["replayed": 2, "forged": 5]
        let note = DirectorReport.note(for: status, error: .notRunning(daemon: "lvsd", path: "x"))
        #expect(note.hasSuffix("the peer 192.0.2.2 is inactive too: nobody serves the services now"))
        let text = DirectorReport(pulse: status, lvsdNote: note).text
        #expect(text.contains("  faults: lvsd exited with status 1"))
        #expect(text.contains("  dropped heartbeats: forged 5, replayed 2"))
        #expect(text.contains("  WARNING: the peer runs a different lvs.cf (fingerprint 00001234, here 0000abcd)"))
    }

    @Test func aPendingHandoverIsAWarning() {
        var status = pulse()
        status.pendingHandover = "lvsd cannot be kept running (exited with status 1; 5 failures within 300.0 seconds)"
        let text = DirectorReport(pulse: status, lvsd: services).text
        #expect(
            text.contains(
                "  WARNING: lvsd cannot be kept running (exited with status 1; 5 failures within 300.0 seconds); handing "
                    + "the VIPs over as soon as the peer's table is ready"))
    }

    @Test func anActiveDirectorWithoutLVSDIsAProblem() {
        let status = pulse()
        let note = DirectorReport.note(for: status, error: .notRunning(daemon: "lvsd", path: "/run/lvsd/lvsd.sock"))
        #expect(
            note
                == "this director is active but lvsd does not answer: lvsd is not running (no socket at /run/lvsd/lvsd.sock)"
        )
        #expect(!DirectorReport(pulse: status, lvsdNote: note).lvsdAbsenceExpected)
    }
}
