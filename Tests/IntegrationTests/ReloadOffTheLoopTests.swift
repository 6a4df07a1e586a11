#if canImport(Glibc)
import Glibc
#endif
import Control
import Foundation
import LVSTestKit
import Synchronization
import Testing

/// A reload is read off the heartbeat loop: a file naming a host while the DNS server is silent
/// held pulse for seconds, long past deadtime, and the peer took the VIP beside it.
@Suite(
    .serialized,
    .enabled(if: TestEnvironment.hostTestsEnabled, "needs root and network namespaces (LVSROUTER_HOST_TESTS=1)"))
struct ReloadOffTheLoopTests {
    @Test func aReloadWaitingForASilentDNSServerDelaysNoHeartbeat() throws {
        let lab = try FailoverLab()
        // `ip netns exec` puts /etc/netns/NAME/resolv.conf in place of /etc/resolv.conf: d1's pulse
        // asks a name server at an address nobody has, which never answers.
        let netns = "/etc/netns/\(lab["d1"].name)"
        try FileManager.default.createDirectory(atPath: netns, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: netns) }
        try "nameserver 10.70.0.77\noptions timeout:1 attempts:2\n".write(
            toFile: netns + "/resolv.conf", atomically: true, encoding: .utf8)

        try lab.write("lvs.cf", FailoverLab.config())
        try lab.startPulse("d1")
        try lab.startPulse("d2")
        try lab.waitUntilServing("d2")
        try #require(
            eventually(within: .seconds(5)) { lab.holders == ["d1"] && (try? lab.status("d2").peerState) == .active })

        // The new file names a real server by a name only the silent server could resolve.
        try lab.write(
            "lvs.cf",
            FailoverLab.config().replacingOccurrences(
                of: "address = 10.70.0.50", with: "address = rs1.lvsrouter-test.invalid"))
        let started = ContinuousClock.now
        let outcome = Mutex<String?>(nil)
        let client = ControlClient(path: lab.controlSocket("d1"), daemon: "pulse", timeout: .seconds(15))
        let thread = Thread {
            let text: String
            do { text = "answered: \(try client.send(PulseRequest.reload))" } catch { text = "\(error)" }
            outcome.withLock { $0 = text }
        }
        thread.start()
        var samples = 0, wrong = 0
        while outcome.withLock({ $0 }) == nil, ContinuousClock.now - started < .seconds(15) {
            samples += 1
            if lab.holders != ["d1"] { wrong += 1 }
            usleep(20_000)
        }
        let took = ContinuousClock.now - started
        let answer = outcome.withLock { $0 } ?? "no answer"
        // Refused (the name cannot be resolved, so the server has no address), after the wait.
        #expect(answer.contains("reload rejected") && answer.contains("has no address"), "\(answer)")
        #expect(took >= .seconds(1), "the name server was not silent (\(took)): the test shows nothing")
        #expect(wrong == 0, "not exactly d1 holding the VIP in \(wrong) of \(samples) samples over \(took)")
        #expect(try lab.status("d2").peerState == .active)
    }
}
