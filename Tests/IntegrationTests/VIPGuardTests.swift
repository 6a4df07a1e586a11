#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LVSTestKit
import Testing

/// pulse's VIP guard: a killed or stopped pulse left its VIP on its interface while the partner
/// brought it up too (the fault matrix counted 1.8 s with two holders in each run); the guard takes
/// it down first.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct VIPGuardTests {
    /// Samples the holders every 5 ms for `duration`; returns how often two held the VIP, and the
    /// last holders seen.
    func sample(_ lab: FailoverLab, for duration: Duration) -> (both: Int, samples: Int, last: Set<String>) {
        let end = ContinuousClock.now + duration
        var both = 0, samples = 0
        var last: Set<String> = []
        while ContinuousClock.now < end {
            last = lab.holders
            samples += 1
            if last.count == 2 { both += 1 }
            usleep(5_000)
        }
        return (both, samples, last)
    }

    @Test func aKilledPulsesVIPComesDownBeforeThePartnerTakesItOver() throws {
        let lab = try FailoverLab.settled()
        let d1 = try #require(lab.pulse("d1"))
        d1.signal(SIGKILL)  // pulse alone: its guard lives on
        let seen = sample(lab, for: .seconds(2))
        #expect(seen.both == 0, "two holders in \(seen.both) of \(seen.samples) samples")
        #expect(seen.last == ["d2"])
        #expect(
            eventually {
                d1.standardErrorText.contains("VIP guard: pulse ended without letting go: took down 10.70.0.100/24")
            }, "\(d1.standardErrorText)")
    }

    @Test func aStoppedPulseLosesItsVIPBeforeThePartnerTakesItOverAndLetsGoWhenItRunsAgain() throws {
        let lab = try FailoverLab.settled()
        let d1 = try #require(lab.pulse("d1"))
        d1.signal(SIGSTOP)
        let stopped = sample(lab, for: .seconds(2))
        #expect(stopped.both == 0, "two holders in \(stopped.both) of \(stopped.samples) samples while stopped")
        #expect(stopped.last == ["d2"])
        d1.signal(SIGCONT)
        let resumed = sample(lab, for: .seconds(2))
        #expect(resumed.both == 0, "two holders in \(resumed.both) of \(resumed.samples) samples after SIGCONT")
        #expect(resumed.last == ["d2"])
        let status = try lab.status("d1")
        #expect(status.state == .inactive && status.peerState == .active)
        let log = d1.standardErrorText
        #expect(log.contains("VIP guard: pulse sent no heartbeat for"), "\(log)")
        #expect(log.contains("this director's heartbeats stopped for"), "\(log)")
    }

    @Test func aReloadChangingTheTimingReplacesTheGuardWithoutTouchingTheVIP() throws {
        let lab = try FailoverLab.settled()
        let d1 = try #require(lab.pulse("d1"))
        try lab.write("lvs.cf", FailoverLab.config(keepalive: "0.3", deadtime: "0.9"))
        #expect(try lab.request("d1", .reload).ok)
        let seen = sample(lab, for: .seconds(2))
        #expect(seen.both == 0 && seen.last == ["d1"], "holders \(seen)")
        let log = d1.standardErrorText
        #expect(log.components(separatedBy: "VIP guard running").count == 3, "\(log)")
        #expect(log.contains("no heartbeat for 0.75 seconds"), "the new guard's limit: \(log)")
        #expect(!log.contains("VIP guard: pulse") && !log.contains("heartbeats stopped"), "\(log)")
    }

    @Test func withoutTheGuardAKilledPulseLeavesItsVIP() throws {
        let lab = try FailoverLab()
        try lab.write("lvs.cf", FailoverLab.config())
        try lab.startPulse("d1", arguments: ["--no-vip-guard"])
        try lab.startPulse("d2")
        try lab.waitUntilServing("d1")
        try #require(eventually(within: .seconds(5)) { lab.holders == ["d1"] })
        lab.pulse("d1")?.signal(SIGKILL)
        // The negative control: the partner takes over beside the VIP the dead pulse left.
        #expect(eventually(within: .seconds(3)) { lab.holders == ["d1", "d2"] })
    }
}
