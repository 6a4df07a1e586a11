import CheckVocabulary
import LVSConfig
import Testing

/// lvs.cf's health-check extensions: check types, their settings, rise and fall.
@Suite struct HealthCheckKeysTests {
    func messages(_ extra: String) -> [String] {
        parseVirtual(extra).diagnostics.map { "\($0.severity.rawValue): \($0.message)" }
    }

    func check(_ extra: String) throws -> HealthCheckSettings {
        let result = parseVirtual(extra)
        #expect(result.errorCount == 0, "\(result.lines)")
        return try #require(result.config.virtualServices.first).check
    }

    @Test func anHTTPSCheckWithEverySetting() throws {
        let c = try check(
            """
                check_type = https
                http_method = GET
                http_path = /health
                http_host = www.example.com
                http_status = "200 301-302"
                http_regex = "ok|ready"
                http_digest = 0123456789ABCDEF0123456789abcdef
                tls_server_name = shop.example.com
                tls_verify = 1
                tls_ca_file = /etc/ssl/certs/ca-certificates.crt
                rise = 3
                fall = 2
            """)
        #expect(c.checkType == .https)
        var p = ProtocolCheckSettings()
        p.httpMethod = .get
        p.httpPath = "/health"
        p.httpHost = "www.example.com"
        p.httpStatus = try HTTPStatusRanges(parsing: "200,301-302")
        p.httpRegex = "ok|ready"
        p.httpDigest = "0123456789abcdef0123456789abcdef"
        p.tlsServerName = "shop.example.com"
        p.tlsVerify = true
        p.tlsCAFile = "/etc/ssl/certs/ca-certificates.crt"
        #expect(c.protocolCheck == p)
        #expect(c.riseFall == RiseFall(rise: 3, fall: 2))
    }

    @Test func dnsAndSMTPChecks() throws {
        let dns = try check(
            """
                check_type = dns
                dns_name = www.example.com
                dns_type = aaaa
                dns_rcode = NOERROR
                dns_answer = 2001:db8::10
            """)
        #expect(dns.protocolCheck.dnsType == .aaaa)
        #expect(dns.protocolCheck.dnsRcode == .noError)
        #expect(dns.protocolCheck.dnsAnswer == "2001:db8::10")
        let smtp = try check("    check_type = smtp\n    smtp_helo = lb1.example.com")
        #expect(smtp.checkType == .smtp && smtp.protocolCheck.smtpHelo == "lb1.example.com")
    }

    @Test(arguments: [
        ("check_type = gopher", "error: check_type: invalid argument 'gopher'; expected one of: tcp, udp, http"),
        (
            "check_type = https\n    http_method = POST",
            "error: http_method: invalid argument 'POST'; expected one of: GET, HEAD"
        ),
        (
            "check_type = http\n    http_path = health",
            "error: http_path: expected a path starting with /, such as /health, got 'health'"
        ),
        (
            "check_type = http\n    http_status = 2000",
            "error: http_status: 2000: not a 3-digit status code"
        ),
        (
            "check_type = http\n    http_digest = abc",
            "error: http_digest: expected an MD5 digest: 32 hexadecimal digits, got 'abc'"
        ),
        (
            "check_type = https\n    tls_ca_file = ca.pem\n    tls_verify = 1",
            "error: tls_ca_file: expected an absolute path, got 'ca.pem'"
        ),
        (
            "check_type = dns\n    dns_type = AX",
            "error: dns_type: expected a record type such as A, AAAA, SOA, MX or TXT, got 'AX'"
        ),
        ("check_type = dns\n    dns_name = a..b", "error: dns_name: empty label"),
        (
            "check_type = dns\n    dns_rcode = OK",
            "error: dns_rcode: expected a response code such as NOERROR or NXDOMAIN, got 'OK'"
        ),
        ("fall = 0", "error: fall: expected a count 1-1000, got '0' (out of range)"),
        ("rise = many", "error: rise: integer expected: a count 1-1000, got 'many'"),
    ])
    func badValuesNameTheKey(lines: String, message: String) {
        let found = messages("    " + lines)
        #expect(found.contains { $0.hasPrefix(message) }, "\(found)")
    }

    @Test(arguments: [
        ("http_path = /health", "error: http_path: not used by check_type = tcp (implied); it applies to http, https"),
        (
            "check_type = http\n    send = \"HELO\"",
            "error: send: not used by check_type = http; it applies to tcp, udp"
        ),
        (
            "check_type = tcp\n    tls_verify = 1",
            "error: tls_verify: not used by check_type = tcp; it applies to https, tls"
        ),
        (
            "check_type = https\n    dns_name = example.com",
            "error: dns_name: not used by check_type = https; it applies to dns"
        ),
        ("check_type = program", "error: check_type: program needs send_program (the program to run)"),
        (
            "check_type = http\n    http_method = HEAD\n    http_regex = ok",
            "error: http_regex: a HEAD request has no body to check (use http_method = GET)"
        ),
        (
            "check_type = https\n    tls_ca_file = /etc/ca.pem",
            "error: tls_ca_file: has no effect without tls_verify = 1"
        ),
        (
            "check_type = dns\n    dns_type = A\n    dns_answer = 2001:db8::1",
            "error: dns_answer: expected A answer \"2001:db8::1\": not an IPv4 address"
        ),
        (
            "rise = 2\n    reentry = 60",
            "warning: reentry: ignored: rise = 2 brings a failed server back after 2 passing checks instead"
        ),
        (
            "protocol = udp\n    check_type = http",
            "error: check_type: http needs TCP, but virtual 'www' is a UDP service"
        ),
    ])
    func misusesAreRefusedWhereTheyAre(lines: String, message: String) {
        let found = messages("    " + lines)
        #expect(found.contains(message), "\(found)")
    }

    @Test func piranhasKeysKeepTheirMeaningWithoutACheckType() {
        let found = messages("    send_program = \"/bin/check %h\"\n    use_regex = 1\n    expect = \"up\"")
        #expect(!found.contains { $0.hasPrefix("error") }, "\(found)")
    }

    @Test func theWriterWritesEveryKeyBack() throws {
        let original = parseVirtual(
            """
                check_type = https
                http_path = /health
                http_status = "200 3xx"
                http_regex = "all good"
                tls_verify = 1
                rise = 2
                fall = 3
            """)
        #expect(original.errorCount == 0, "\(original.lines)")
        let text = try LVSConfigRenderer().render(original.config)
        #expect(text.contains("http_status = 200,300-399"))
        let again = parse(text)
        #expect(again.errorCount == 0, "\(again.lines)")
        #expect(again.config == original.config)
    }
}
