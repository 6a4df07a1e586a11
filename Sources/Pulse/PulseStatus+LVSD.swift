import Control
import DaemonSupport
import Units

extension PulseStatus.LVSDProcess {
    /// lvsd as the status report shows it: whether pulse runs lvsd at all (`enabled`: not under
    /// `--norun`), what its ``ChildSupervision`` knows (running, stopping, restarting, given up,
    /// not wanted), and `now` for the time until a restart.
    public init(enabled: Bool, supervision: ChildSupervision, at now: ContinuousClock.Instant) {
        if !enabled {
            self.init(running: false, note: "not started: pulse runs with --norun (test start)")
        } else if let pid = supervision.running?.pid {
            self.init(running: true, pid: pid)
        } else if let pid = supervision.stopping.min() {
            self.init(running: true, pid: pid, note: "stopping")
        } else if let restart = supervision.restartAt {
            let gaveUp = supervision.hasGivenUp ? "cannot be kept running; " : ""
            let delay = max(.zero, restart - now).millisecondsText
            self.init(running: false, note: "\(gaveUp)restarting in \(delay) ms (the kernel's table stays meanwhile)")
        } else if !supervision.wanted {
            self.init(running: false, note: "not running: this director is inactive (cold standby)")
        } else {
            self.init(running: false, note: "starting")
        }
    }
}
