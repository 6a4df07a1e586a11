import DaemonSupport
import Heartbeat

extension WallClockTime {
    /// `CLOCK_REALTIME` now, for the heartbeats' timestamps.
    static func now() -> WallClockTime {
        let now = WallClock.timespecNow
        return WallClockTime(seconds: Int64(now.tv_sec), nanoseconds: Int64(now.tv_nsec))
    }
}
