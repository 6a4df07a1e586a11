import Control
import Foundation
import Heartbeat
import Interfaces
import LVSConfig
import Pulse
import Testing

@Suite struct PulseStatusTests {
    let t0 = ContinuousClock.now

    func machine(role: FailoverRole = .backup) throws -> (FailoverStateMachine, PulseSettings) {
        let settings = try PulseSettings(config: PulseTestConfig.config(), role: role)
        var machine = FailoverStateMachine(configuration: try settings.failoverConfiguration(forceActive: false))
        _ = machine.handle(.start, at: t0)
        return (machine, settings)
    }

    @Test func inactiveBackupBesideAnActivePrimary() throws {
        var (machine, settings) = try machine()
        _ = machine.handle(
            .heartbeatReceived(ReceivedHeartbeat(path: .public, state: .active, configSerial: 42)),
            at: t0 + .milliseconds(100))
        _ = machine.handle(
            .heartbeatReceived(ReceivedHeartbeat(path: .private, state: .active)), at: t0 + .milliseconds(150))
        let status = PulseStatus(
            failover: machine.status(at: t0 + .milliseconds(400)), settings: settings, heldAddresses: [],
            lvsd: .init(running: false, note: "not running: this director is inactive"))
        #expect(status.role == .backup)
        #expect(status.state == .inactive)
        #expect(status.failoverState == "inactive")
        #expect(status.peerState == .active)
        #expect(status.peerAnnouncedState == "active")
        #expect(
            status.heartbeatPaths == [
                .init(name: "public", peerAddress: "192.0.2.1", lastHeartbeatAge: 0.3, received: 1),
                .init(name: "private", peerAddress: "10.9.0.1", lastHeartbeatAge: 0.25, received: 1),
            ])
        #expect(status.takeovers == 0 && status.handovers == 0)
        #expect(status.address == "192.0.2.2" && status.peerAddress == "192.0.2.1")
        #expect(status.keepalive == 0.25 && status.deadtime == 1)
        #expect(status.peerConfigSerial == "0000002a")
        #expect(status.configSerial == ConfigFingerprint.text(settings.configSerial))
        #expect(status.virtualAddresses.isEmpty)
        #expect(status.faults == [])
        #expect(status.droppedHeartbeats == nil)
    }

    @Test func activeDirectorListsItsVIPsAndASilentPeerIsDead() throws {
        var (machine, settings) = try machine(role: .primary)
        _ = machine.handle(
            .heartbeatReceived(ReceivedHeartbeat(path: .public, state: .inactive)), at: t0 + .milliseconds(10))
        _ = machine.handle(.activationFinished, at: t0 + .milliseconds(11))
        #expect(machine.state == .active)
        _ = machine.handle(
            .heartbeatDropped(HeartbeatRejection(.forged, "HMAC mismatch", source: "192.0.2.9")),
            at: t0 + .milliseconds(20))
        let status = PulseStatus(
            failover: machine.status(at: t0 + .seconds(3)), settings: settings,
            heldAddresses: settings.virtualAddresses, lvsd: .init(running: true, pid: 4242))
        #expect(status.state == .active)
        #expect(status.takeovers == 1 && status.handovers == 0)
        #expect(status.peerState == .dead)
        #expect(
            status.virtualAddresses == ["192.0.2.10/24 on eth0:1", "192.0.2.11/32 on eth0", "10.0.1.254/24 on eth1:1"])
        #expect(status.droppedHeartbeats == ["forged": 1])
        #expect(status.lvsd == .init(running: true, pid: 4242))
    }

    @Test func aPeerNeverHeardIsUnknownAndStoppingIsDead() throws {
        var (machine, settings) = try machine()
        var status = PulseStatus(
            failover: machine.status(at: t0), settings: settings, heldAddresses: [], lvsd: .init(running: false))
        #expect(status.peerState == .unknown)
        #expect(status.failoverState == "listening")
        #expect(status.heartbeatPaths.allSatisfy { $0.lastHeartbeatAge == nil })
        _ = machine.handle(
            .heartbeatReceived(ReceivedHeartbeat(path: .public, state: .stopping)), at: t0 + .milliseconds(5))
        status = PulseStatus(
            failover: machine.status(at: t0 + .milliseconds(6)), settings: settings, heldAddresses: [],
            lvsd: .init(running: false))
        #expect(status.peerState == .dead)
        #expect(status.peerAnnouncedState == "stopping")
    }

    @Test func theDetailsSurviveJSONAndOlderAnswersStillDecode() throws {
        let (machine, settings) = try machine()
        let status = PulseStatus(
            failover: machine.status(at: t0), settings: settings, heldAddresses: [],
            lvsd: .init(running: false, note: "x"))
        let decoded = try ControlResponse<PulseStatus>(line: ControlResponse.success(status).line)
        #expect(decoded.result == status)
        let old =
            #"{"ok":true,"result":{"heartbeatPaths":[],"peerState":"unknown","role":"primary","state":"inactive","virtualAddresses":[]}}"#
        let minimal = try ControlResponse<PulseStatus>(line: Array(old.utf8))
        #expect(minimal.result?.failoverState == nil && minimal.result?.role == .primary)
    }
}
