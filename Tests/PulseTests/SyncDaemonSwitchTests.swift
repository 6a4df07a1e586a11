import IPVS
import LVSConfig
import Pulse
import Testing

@Suite struct SyncDaemonSwitchTests {
    @Test func bothDaemonsStopThenTheWantedOneStartsLikePiranha() {
        let settings = SyncDaemonSettings(enabled: true, interface: "eth2", syncID: 9)
        #expect(
            SyncDaemonSwitch.operations(to: .master, settings: settings) == [
                .stopDaemon(.backup), .stopDaemon(.master),
                .startDaemon(IPVSSyncDaemon(role: .master, interface: "eth2", syncID: 9)),
            ])
        #expect(
            SyncDaemonSwitch.operations(to: .backup, settings: settings).last
                == .startDaemon(IPVSSyncDaemon(role: .backup, interface: "eth2", syncID: 9)))
    }
}
