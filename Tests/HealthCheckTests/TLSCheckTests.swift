import CheckVocabulary
import DaemonSupport
import HealthCheck
import Testing

/// HTTPS and TLS-handshake checks against `openssl s_server` with certificates made by the test
/// (openssl is in scripts/test's packages; loopback only, no root).
@Suite struct TLSCheckTests {
    let certificates: TestCertificates

    init() throws {
        certificates = try TestCertificates.shared.get()
    }

    func verifying(_ serverName: String? = nil, caFile: String? = nil) -> TLSCheckSettings {
        TLSCheckSettings(serverName: serverName, verifyCertificate: true, caFile: caFile ?? certificates.caFile)
    }

    @Test func httpsWithAGoodCertificateAndVerificationPasses() throws {
        let server = try OpenSSLServer(cert: certificates.good.cert, key: certificates.good.key)
        defer { server.stop() }
        let check = try HTTPCheck(endpoint: loopback(server.port), tls: verifying())
        #expect(try CheckHarness().result(of: check) == .passed("HTTP 200 from 127.0.0.1:\(server.port) /"))
        // The same check value again: its TLS context is reused.
        #expect(try CheckHarness().result(of: check)?.isPassed == true)
    }

    @Test func httpsBodyRegexIsJudgedOverTLS() throws {
        let server = try OpenSSLServer(cert: certificates.good.cert, key: certificates.good.key)
        defer { server.stop() }
        // s_server -www's status page names the cipher it negotiated.
        let passing = try HTTPCheck(endpoint: loopback(server.port), bodyRegex: POSIXRegex("Ciphers"), tls: verifying())
        #expect(try CheckHarness().result(of: passing)?.isPassed == true)
        let failing = try HTTPCheck(
            endpoint: loopback(server.port), bodyRegex: POSIXRegex("^never here$"), tls: verifying())
        #expect(
            try CheckHarness().result(of: failing)
                == .failed("HTTP 200 from 127.0.0.1:\(server.port) /: body does not match \"^never here$\""))
    }

    @Test func expiredCertificateFailsVerification() throws {
        let server = try OpenSSLServer(cert: certificates.expired.cert, key: certificates.expired.key)
        defer { server.stop() }
        let https = try HTTPCheck(endpoint: loopback(server.port), tls: verifying())
        #expect(
            try CheckHarness().result(of: https)
                == .failed("TLS handshake with 127.0.0.1:\(server.port): certificate has expired"))
        let handshake = try TLSCheck(endpoint: loopback(server.port), settings: verifying())
        #expect(
            try CheckHarness().result(of: handshake)
                == .failed("TLS handshake with 127.0.0.1:\(server.port): certificate has expired"))
    }

    @Test func expiredCertificateWithoutVerificationPasses() throws {
        let server = try OpenSSLServer(cert: certificates.expired.cert, key: certificates.expired.key)
        defer { server.stop() }
        let settings = TLSCheckSettings(verifyCertificate: false)
        let https = try HTTPCheck(endpoint: loopback(server.port), tls: settings)
        #expect(try CheckHarness().result(of: https) == .passed("HTTP 200 from 127.0.0.1:\(server.port) /"))
        let handshake = try TLSCheck(endpoint: loopback(server.port), settings: settings)
        #expect(
            try CheckHarness().result(of: handshake)
                == .passed("TLS handshake with 127.0.0.1:\(server.port) completed, certificate not verified"))
    }

    @Test func certificateFromAnotherCAFails() throws {
        let server = try OpenSSLServer(cert: certificates.good.cert, key: certificates.good.key)
        defer { server.stop() }
        let check = try TLSCheck(endpoint: loopback(server.port), settings: verifying(caFile: certificates.otherCAFile))
        #expect(
            try CheckHarness().result(of: check)
                == .failed("TLS handshake with 127.0.0.1:\(server.port): unable to get local issuer certificate"))
    }

    @Test func sniPicksTheNamedCertificateAndTheNameIsVerified() throws {
        let server = try OpenSSLServer(
            cert: certificates.good.cert, key: certificates.good.key, named: certificates.named)
        defer { server.stop() }
        // Only the certificate s_server serves for this SNI carries the name: passing proves the
        // name was sent.
        let named = try TLSCheck(endpoint: loopback(server.port), settings: verifying(TestCertificates.serverName))
        #expect(
            try CheckHarness().result(of: named)
                == .passed(
                    "TLS handshake with 127.0.0.1:\(server.port) (SNI www.example.test) completed, certificate verified"
                ))
        let https = try HTTPCheck(
            endpoint: loopback(server.port), host: TestCertificates.serverName,
            tls: verifying(TestCertificates.serverName))
        #expect(try CheckHarness().result(of: https)?.isPassed == true)
        // Another name gets the default certificate, which does not carry it.
        let other = try TLSCheck(endpoint: loopback(server.port), settings: verifying("other.example.test"))
        #expect(
            try CheckHarness().result(of: other)
                == .failed("TLS handshake with 127.0.0.1:\(server.port) (SNI other.example.test): hostname mismatch"))
        // Without SNI the default certificate is verified against the IP address, which it carries.
        let byAddress = try TLSCheck(endpoint: loopback(server.port), settings: verifying())
        #expect(try CheckHarness().result(of: byAddress)?.isPassed == true)
    }

    @Test func namedCertificateDoesNotPassForTheIPAddress() throws {
        let server = try OpenSSLServer(cert: certificates.named.cert, key: certificates.named.key)
        defer { server.stop() }
        let check = try TLSCheck(endpoint: loopback(server.port), settings: verifying())
        #expect(
            try CheckHarness().result(of: check)
                == .failed("TLS handshake with 127.0.0.1:\(server.port): IP address mismatch"))
    }

    @Test func plainTCPServerFailsTheHandshake() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(
            loop: harness.loop, behaviour: .reply(bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")))
        defer { server.stop() }
        let result = harness.result(of: try TLSCheck(endpoint: loopback(server.port), settings: verifying()))
        let prefix = "TLS handshake with 127.0.0.1:\(server.port): handshake failed: "
        #expect(result?.isPassed == false)
        #expect(result?.detail.hasPrefix(prefix) == true, "\(String(describing: result))")
        #expect((result?.detail.count ?? 0) > prefix.count, "names OpenSSL's reason")
    }

    @Test func silentServerFailsMidHandshakeAtTheDeadline() throws {
        let harness = try CheckHarness()
        let server = try LoopbackTCPServer(loop: harness.loop, behaviour: .silent)
        defer { server.stop() }
        let settings = verifying(TestCertificates.serverName)
        let (tls, tlsTook) = harness.timedResult(
            of: try TLSCheck(endpoint: loopback(server.port), settings: settings), timeout: .milliseconds(300))
        #expect(
            tls == .failed("TLS handshake with 127.0.0.1:\(server.port) (SNI www.example.test): no answer within 0.3 s")
        )
        #expect(tlsTook >= .milliseconds(300) && tlsTook < .milliseconds(1300), "took \(tlsTook)")
        let (https, httpsTook) = harness.timedResult(
            of: try HTTPCheck(endpoint: loopback(server.port), tls: settings), timeout: .milliseconds(300))
        #expect(
            https
                == .failed("TLS handshake with 127.0.0.1:\(server.port) (SNI www.example.test): no answer within 0.3 s")
        )
        #expect(httpsTook >= .milliseconds(300) && httpsTook < .milliseconds(1300), "took \(httpsTook)")
    }

    @Test func refusedConnectionFails() throws {
        let port = unusedPort()
        let result = try CheckHarness().result(of: TLSCheck(endpoint: loopback(port), settings: verifying()))
        #expect(result == .failed("connect to 127.0.0.1:\(port): Connection refused"))
    }

    @Test func missingCAFileIsReportedAtSetUp() throws {
        let settings = TLSCheckSettings(verifyCertificate: true, caFile: "/nonexistent/ca.pem")
        let check = try TLSCheck(endpoint: loopback(443), settings: settings)
        #expect {
            try check.prepareTLS()
        } throws: { error in
            "\(error)".hasPrefix("setting up the TLS client context with CA file /nonexistent/ca.pem: ")
        }
        #expect(check.summary == "TLS handshake with 127.0.0.1:443, verify with /nonexistent/ca.pem")
    }
}
