import Addressing
import CheckVocabulary
import DaemonSupport
import HealthCheck
import LVSTestKit
import Testing

/// The DNS check against a real DNS server: Debian's dnsmasq on 127.0.0.1, started by the test.
@Suite(.enabled(if: TestEnvironment.hostTestsEnabled, "runs dnsmasq, a real DNS server (LVSROUTER_HOST_TESTS=1)"))
struct DNSMasqCheckTests {
    static let dnsmasq = "/usr/sbin/dnsmasq"

    /// dnsmasq in the foreground on 127.0.0.1:`port`, answering for `lab.test` from its command
    /// line only: one A record, NXDOMAIN for every other name in the zone.
    static func startDNSMasq(port: UInt16) throws -> TestProcess {
        try TestProcess(
            dnsmasq,
            [
                "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--user=root",
                "--pid-file=", "--listen-address=127.0.0.1", "--bind-interfaces", "--port=\(port)",
                "--host-record=www.lab.test,10.77.0.80", "--local=/lab.test/", "--log-facility=-",
            ])
    }

    static func check(port: UInt16, name: String, answer: String? = nil) throws -> DNSCheck {
        DNSCheck(
            endpoint: loopback(port), name: try DomainName(parsing: name), type: .a,
            expectedAnswer: try answer.map { try DNSExpectedAnswer(parsing: $0, for: .a) })
    }

    @Test func recordPresentAbsentAndWrong() throws {
        let harness = try CheckHarness()
        let port = try DNSTestServer.closedPort()
        let server = try Self.startDNSMasq(port: port)
        defer { server.terminate(timeout: .seconds(3)) }

        // dnsmasq needs a moment to bind: ask until it answers, bounded.
        var found: CheckResult?
        for _ in 0..<25 {
            found = harness.result(of: try Self.check(port: port, name: "www.lab.test", answer: "10.77.0.80"))
            if found?.isPassed == true || !server.isRunning { break }
            run(harness.loop, for: .milliseconds(100))
        }
        #expect(
            found == .passed("DNS www.lab.test A from 127.0.0.1:\(port): NOERROR, 10.77.0.80"),
            "dnsmasq: \(server.standardErrorText)")

        #expect(
            harness.result(of: try Self.check(port: port, name: "nope.lab.test"))
                == .failed("DNS nope.lab.test A from 127.0.0.1:\(port): NXDOMAIN, expected NOERROR"))
        #expect(
            harness.result(of: try Self.check(port: port, name: "WWW.Lab.Test.", answer: "10.77.0.81"))
                == .failed("DNS WWW.Lab.Test A from 127.0.0.1:\(port): answer 10.77.0.80, expected 10.77.0.81"))
        #expect(
            harness.result(
                of: DNSCheck(endpoint: loopback(port), name: try DomainName(parsing: "www.lab.test"), type: .aaaa))
                == .passed("DNS www.lab.test AAAA from 127.0.0.1:\(port): NOERROR, no AAAA answer"))
    }

    @Test func afterDNSMasqStopsThePortIsUnreachableAtOnce() throws {
        let harness = try CheckHarness()
        let port = try DNSTestServer.closedPort()
        let server = try Self.startDNSMasq(port: port)
        defer { server.terminate(timeout: .seconds(3)) }
        var found: CheckResult?
        for _ in 0..<25 {
            found = harness.result(of: try Self.check(port: port, name: "www.lab.test"))
            if found?.isPassed == true || !server.isRunning { break }
            run(harness.loop, for: .milliseconds(100))
        }
        #expect(found?.isPassed == true, "dnsmasq: \(server.standardErrorText)")
        server.terminate(timeout: .seconds(3))

        let (result, took) = harness.timedResult(
            of: try Self.check(port: port, name: "www.lab.test"), timeout: .seconds(2))
        #expect(result == .failed("DNS www.lab.test A to 127.0.0.1:\(port): port unreachable (Connection refused)"))
        #expect(took < .seconds(1), "took \(took)")
    }
}
