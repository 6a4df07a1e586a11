import Control
import Foundation
import LVSWeb
import Testing

/// The small pure rules of lvsweb: throttling, where it may listen, form decoding, escaping, the
/// password and token files.
@Suite struct WebRulesTests {
    @Test func theThrottleWaitsLongerAfterEachFailureAndForgets() {
        var throttle = LoginThrottle()
        let t0 = ContinuousClock.now
        for _ in 0..<3 { throttle.failed("192.0.2.9", at: t0) }
        #expect(throttle.wait(for: "192.0.2.9", at: t0) == .seconds(1))
        #expect(throttle.wait(for: "192.0.2.8", at: t0) == .zero, "another address is not slowed")
        throttle.failed("192.0.2.9", at: t0 + .seconds(1))
        #expect(throttle.wait(for: "192.0.2.9", at: t0 + .seconds(1)) == .seconds(2))
        for step in 2..<20 { throttle.failed("192.0.2.9", at: t0 + .seconds(step)) }
        #expect(throttle.wait(for: "192.0.2.9", at: t0 + .seconds(19)) == .seconds(60), "capped")
        #expect(throttle.wait(for: "192.0.2.9", at: t0 + .seconds(19 + 16 * 60)) == .zero, "forgotten")
        throttle.succeeded("192.0.2.9")
        #expect(throttle.failures(of: "192.0.2.9") == 0)
    }

    @Test func theThrottleRemembersABoundedNumberOfAddresses() {
        var throttle = LoginThrottle()
        throttle.capacity = 100
        let t0 = ContinuousClock.now
        for index in 0..<1000 { throttle.failed("10.0.\(index / 256).\(index % 256)", at: t0 + .milliseconds(index)) }
        #expect(throttle.failures(of: "10.0.0.0") == 0)
        #expect(throttle.failures(of: "10.0.3.231") == 1)
    }

    @Test func plainHTTPOnlyOnLoopbackUnlessAccepted() throws {
        try ListenPolicy.check(host: "127.0.0.1", port: 3636, hasTLS: false, allowPlainRemote: false)
        try ListenPolicy.check(host: "::1", port: 3636, hasTLS: false, allowPlainRemote: false)
        try ListenPolicy.check(host: "0.0.0.0", port: 3636, hasTLS: true, allowPlainRemote: false)
        try ListenPolicy.check(host: "192.0.2.1", port: 3636, hasTLS: false, allowPlainRemote: true)
        #expect(throws: ListenPolicy.Refusal.self) {
            try ListenPolicy.check(host: "0.0.0.0", port: 3636, hasTLS: false, allowPlainRemote: false)
        }
        #expect(throws: ListenPolicy.Refusal.self) {
            try ListenPolicy.check(host: "127.0.0.1.example.com", port: 3636, hasTLS: false, allowPlainRemote: false)
        }
        #expect(throws: ListenPolicy.Refusal.self) {
            try ListenPolicy.check(host: "127.0.0.1", port: 0, hasTLS: false, allowPlainRemote: false)
        }
    }

    @Test func formFieldsDecode() {
        let fields = FormFields("a=1&b=two+words&c=%3Cx%3E%26&d&a=3&e=%zz&f=caf%C3%A9")
        #expect(fields["a"] == "3")
        #expect(fields["b"] == "two words")
        #expect(fields["c"] == "<x>&")
        #expect(fields["d"] == "")
        #expect(fields["e"] == "%zz")
        #expect(fields["f"] == "café")
    }

    @Test func hostileNamesAreEscapedEverywhere() {
        #expect(HTML.escape("<script>\"'&") == "&lt;script&gt;&quot;&#39;&amp;")
        var report = MetricsTests.report()
        report.lvsd?.services[0].realServers[0].lastCheck?.detail = "<img src=x onerror=alert(1)>"
        report.lvsd?.services[0].name = "<b>www</b>"
        let html = MonitorView(csrf: "t", now: 10).fragment(report)
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>www"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func aVRRPDirectorShowsItsVirtualRouter() {
        var report = MetricsTests.report()
        report.pulse.vrrp = VRRPStatus(
            version: 3, virtualRouterID: 51, priority: 100, advertInterval: 0.2, preempt: true, master: "10.0.0.1",
            masterPriority: 150, sinceMasterHeard: 0.1, received: 93)
        report.pulse.droppedHeartbeats = ["ttl": 2]
        let html = MonitorView(csrf: "t", now: 10).fragment(report)
        #expect(
            html.contains(
                "VRRPv3 router 51, priority 100, every 0.2 s; master 10.0.0.1 (priority 150), heard 0.1 s ago"))
        #expect(html.contains("VRRP packets dropped or mismatched: ttl 2"))
    }

    @Test func thePasswordFileMustBePrivate() throws {
        let directory = NSTemporaryDirectory() + "lvsweb-pw-\(getpid())-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/passwd"
        let entry = try PasswordFile.make(user: "piranha", password: "long enough", cost: 4)
        try entry.write(to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let read = try PasswordFile.read(path)
        #expect(read.verify(user: "piranha", password: "long enough"))
        #expect(!read.verify(user: "piranha", password: "long enougH"))
        #expect(!read.verify(user: "admin", password: "long enough"))
        chmod(path, 0o644)
        #expect(throws: WebFileError.self) { try PasswordFile.read(path) }
        do {
            _ = try PasswordFile.read(path)
        } catch {
            #expect(error.description.contains("mode 644"), "\(error)")
        }
        #expect(throws: WebFileError.self) { try PasswordFile.read(directory) }
        #expect(throws: WebFileError.self) { try PasswordFile.make(user: "piranha", password: "short") }
        #expect(throws: WebFileError.self) { try PasswordFile.make(user: "a:b", password: "long enough") }
    }

    @Test func theMetricsTokenFileMustBePrivateAndLongEnough() throws {
        let directory = NSTemporaryDirectory() + "lvsweb-tk-\(getpid())-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/token"
        let token = SecretToken.make()
        #expect(token.count == 64 && token != SecretToken.make())
        try SecretToken.write(token, to: path)
        #expect(try SecretToken.read(path) == token)
        #expect(SecretToken.equal(token, token) && !SecretToken.equal(token, String(token.dropLast()) + "x"))
        try SecretToken.write("short", to: path)
        #expect(throws: WebFileError.self) { try SecretToken.read(path) }
        try SecretToken.write(token, to: path)
        chmod(path, 0o640)
        #expect(throws: WebFileError.self) { try SecretToken.read(path) }
    }

    @Test func aWorldWritableLVSCFIsReported() throws {
        let fixture = try WebTestFixture()
        #expect(fixture.console.store.permissionProblem() == nil)
        chmod(fixture.configPath, 0o666)
        #expect(fixture.console.store.permissionProblem()?.contains("mode 666") == true)
    }
}
