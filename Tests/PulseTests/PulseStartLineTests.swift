import Pulse
import Testing

@Suite struct PulseStartLineTests {
    @Test func theFirstLineSaysRolePeerTimingAndWhereLVSDRuns() throws {
        let primary = try PulseSettings(config: PulseTestConfig.config(), role: .primary)
        #expect(
            primary.startLine(startsLVSD: true)
                == "STARTING PULSE AS MASTER (primary 192.0.2.1, peer \(primary.peer!); keepalive 0.25 seconds, deadtime 1.0 seconds; warm standby: lvsd runs on both directors)"
        )
        #expect(primary.startLine(startsLVSD: false).hasSuffix("; lvsd will not be started (--norun))"))
        var cold = try PulseSettings(config: PulseTestConfig.config(), role: .backup)
        cold.warmStandby = false
        cold.peer = nil
        #expect(
            cold.startLine(startsLVSD: true)
                == "STARTING PULSE AS BACKUP (backup 192.0.2.2, no backup; keepalive 0.25 seconds, deadtime 1.0 seconds; cold standby: lvsd runs only while active)"
        )
    }
}
