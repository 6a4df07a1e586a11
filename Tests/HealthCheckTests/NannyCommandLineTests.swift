import CheckVocabulary
import Addressing
import HealthCheck
import Testing

@Suite struct NannyCommandLineTests {
    func options(_ arguments: [String]) throws -> NannyOptions {
        guard case .run(let options) = try NannyCommandLine.parse(arguments) else {
            Issue.record("not a run command")
            return NannyOptions(server: IPAddress("0.0.0.0")!)
        }
        return options
    }

    func error(_ arguments: [String]) -> String? {
        do {
            _ = try NannyCommandLine.parse(arguments)
            return nil
        } catch {
            return error.description
        }
    }

    /// The argument vector Piranha's lvsd built for each real server.
    @Test func piranhaLvsdCommandLineParses() throws {
        let o = try options([
            "-c", "-h", "10.0.1.10", "-p", "80", "-r", "8080", "-f", "7", "-e", "/usr/bin/check %h %p",
            "-s", "GET /\\r\\n", "-x", "OK", "-q", "--regex", "-v", "-a", "15", "-I", "/usr/sbin/ipvsadm",
            "-t", "6", "-w", "5", "-V", "10.0.0.100", "-M", "g", "-U", "ruptime", "--nodaemon", "--lvs",
        ])
        #expect(o.server == IPAddress("10.0.1.10"))
        #expect(o.port == 80 && o.realPort == 8080 && o.checkedPort == 8080)
        #expect(o.firewallMark == 7)
        #expect(o.sendProgram == "/usr/bin/check %h %p")
        #expect(o.send == "GET /\\r\\n" && o.expect == "OK" && o.regex)
        #expect(o.quiesce && o.verbose && o.foreground)
        #expect(o.reentry == .seconds(15) && o.interval == .seconds(6) && o.weight == 5)
        #expect(o.virtualAddress == IPAddress("10.0.0.100"))
        #expect(
            o.method == .gatewaying && o.ipvsadmPath == "/usr/sbin/ipvsadm" && o.loadMonitor == .remoteStatus("ruptime")
        )
        #expect(o.compatibilityFlags == ["-c", "--lvs"])
        #expect(o.serverName == "10.0.1.10:8080")
    }

    @Test func defaultsArePiranhas() throws {
        let o = try options(["-h", "192.0.2.1"])
        #expect(o.port == 80 && o.realPort == nil && o.interval == .seconds(10) && o.reentry == .seconds(180))
        #expect(o.weight == 1 && o.method == .masquerading && o.scale == 10 && o.slowStartStep == .seconds(20))
        #expect(o.reportDescriptor == nil && o.logSocket == "/dev/log")
    }

    @Test func poptSpellings() throws {
        #expect(try options(["-h10.0.0.1", "-t0.5"]).interval == .milliseconds(500))
        #expect(try options(["--server=10.0.0.1", "--interval", "2.25"]).interval == .milliseconds(2250))
        #expect(try options(["--server", "::1", "-uqv"]).udp)
        #expect(try options(["-h", "10.0.0.1", "-M", "-i"]).method == .tunneling)
        #expect(try options(["-h", "10.0.0.1", "-w", "1", "-w", "7"]).weight == 7, "the last one wins")
        #expect(try options(["-h", "2001:db8::10", "-p", "443"]).serverName == "[2001:db8::10]:443")
        #expect(
            try options(["-h", "10.0.0.1", "--report-fd", "3", "--log-socket", "/tmp/x", "--slow-start", "0"])
                .slowStartStep == nil)
        #expect(try NannyCommandLine.parse(["--help"]) == .help)
        #expect(try NannyCommandLine.parse(["-?"]) == .help)
        #expect(try NannyCommandLine.parse(["--version"]) == .version)
    }

    @Test func badArgumentsNameTheFlag() {
        #expect(error([]) == "-h/--server is required (the real server's address)")
        #expect(error(["-h", "10.0.0.300"]) == "-h/--server: \"10.0.0.300\" is not an IPv4 or IPv6 address")
        #expect(error(["-h", "10.0.0.1", "-t"]) == "-t/--interval needs a value")
        #expect(error(["-h", "10.0.0.1", "-t", "abc"]) == "-t/--interval: \"abc\" is not a number of seconds")
        #expect(error(["-h", "10.0.0.1", "-t", "0"]) == "-t/--interval: must be more than 0 seconds")
        #expect(error(["-h", "10.0.0.1", "-t", "-1"]) == "-t/--interval: \"-1\" is not a number of seconds")
        #expect(error(["-h", "10.0.0.1", "-t", "1."]) == "-t/--interval: \"1.\" is not a number of seconds")
        #expect(error(["-h", "10.0.0.1", "-p", "70000"]) == "-p/--port: \"70000\" is not a number from 0 to 65535")
        #expect(error(["-h", "10.0.0.1", "-p", "0"]) == "-p/--port: 0 is not a port to check; give -r/--rport")
        #expect(error(["-h", "10.0.0.1", "-w", "-3"]) == "-w/--weight: \"-3\" is not a number from 0 to 2147483647")
        #expect(error(["-h", "10.0.0.1", "-M", "x"]) == "-M/--method: \"x\" is not m, g or i")
        #expect(error(["-h", "10.0.0.1", "--bogus"]) == "--bogus: unknown option (see nanny --help)")
        #expect(error(["-h", "10.0.0.1", "-Z"]) == "-Z: unknown option (see nanny --help)")
        #expect(error(["-h", "10.0.0.1", "--udp=yes"]) == "-u/--udp takes no value")
        #expect(error(["-h", "10.0.0.1", "stray"]) == "unexpected argument \"stray\"")
        #expect(error(["-h", "10.0.0.1", "--regex"]) == "--regex needs an expected pattern (-x/--expect_string)")
        #expect(
            error(["-h", "10.0.0.1", "--regex", "-x", "(("])?.hasPrefix(
                "-x/--expect_string: bad regular expression \"((\": ") == true)
        #expect(
            error(["-h", "10.0.0.1", "--report-fd", "1"]) == "--report-fd: \"1\" is not a number from 3 to 2147483647")
        #expect(error(["-h", "10.0.0.1", "-e", "  "]) == "-e/--send_program is empty")
    }

    @Test func commandLineRoundTrips() throws {
        var o = NannyOptions(server: IPAddress("2001:db8::7")!)
        o.port = 53
        o.realPort = 5353
        o.udp = true
        o.send = "ping\\n"
        o.expect = "*"
        o.interval = .milliseconds(2500)
        o.reentry = .seconds(0)
        o.weight = 9
        o.virtualAddress = IPAddress("2001:db8::100")
        o.firewallMark = 3
        o.method = .tunneling
        o.reportDescriptor = 3
        o.logSocket = "/run/test-log"
        o.slowStartStep = nil
        o.quiesce = true
        o.suppressEscapes = true
        o.compatibilityFlags = ["--lvs"]
        #expect(try options(o.commandLine) == o)
        let plain = NannyOptions(server: IPAddress("10.0.0.1")!)
        #expect(try options(plain.commandLine) == plain)
    }

    @Test func checkExtensionsRoundTrip() throws {
        var o = NannyOptions(server: IPAddress("10.0.1.11")!)
        o.checkType = .https
        o.protocolCheck.httpMethod = .head
        o.protocolCheck.httpPath = "/health"
        o.protocolCheck.httpHost = "www.example.com"
        o.protocolCheck.httpStatus = try HTTPStatusRanges(parsing: "200 3xx")
        o.protocolCheck.tlsServerName = "shop.example.com"
        o.protocolCheck.tlsVerify = true
        o.protocolCheck.tlsCAFile = "/etc/ca.pem"
        o.riseFall = RiseFall(rise: 4, fall: 2)
        #expect(try options(o.commandLine) == o)
        var dns = NannyOptions(server: IPAddress("10.0.1.12")!)
        dns.checkType = .dns
        dns.protocolCheck.dnsName = "example.com"
        dns.protocolCheck.dnsType = .aaaa
        dns.protocolCheck.dnsRcode = .nameError
        dns.protocolCheck.dnsAnswer = "2001:db8::1"
        #expect(try options(dns.commandLine) == dns)
        #expect(
            dns.commandLine.suffix(10) == [
                "--check", "dns", "--dns-name", "example.com", "--dns-type", "AAAA", "--dns-rcode", "NXDOMAIN",
                "--dns-answer", "2001:db8::1",
            ])
    }

    @Test(arguments: [
        (["--check", "ftp"], "--check: \"ftp\" is not tcp, udp, http, https, tls, dns, smtp or program"),
        (
            ["--http-status", "99"],
            "--http-status: 99: not a 3-digit status code"
        ),
        (["--dns-type", "AX"], "--dns-type: expected a record type such as A, AAAA, SOA, MX or TXT, got \"AX\""),
        (["--fall", "0"], "--fall: \"0\" is not a number from 1 to 1000"),
    ])
    func badCheckExtensionsNameTheFlag(extra: [String], message: String) {
        #expect(throws: NannyUsageError.self) { try options(["-h", "10.0.0.1"] + extra) }
        do {
            _ = try options(["-h", "10.0.0.1"] + extra)
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func helpMentionsEveryPiranhaFlagAndTheNoOps() {
        let help = NannyCommandLine.helpText
        for flag in [
            "-t,", "-I,", "-U,", "-M,", "-n,", "-c,", "-p,", "-r,", "-a,", "-S,", "-h,", "-e,", "-s,", "-x,",
            "--regex", "-T,", "-q,", "-u,", "-v,", "-V,", "-f,", "-w,", "--test-start", "--norun", "--lvs", "--fos",
            "--report-fd", "--version",
        ] {
            #expect(help.contains(flag), "help lacks \(flag)")
        }
        #expect(help.contains("they do nothing here"))
    }
}

@Suite struct NannyOptionsCheckTests {
    func check(_ arguments: [String]) throws -> any HealthCheck {
        guard case .run(let options) = try NannyCommandLine.parse(arguments) else {
            throw NannyUsageError(flag: "", message: "no run")
        }
        return try options.makeCheck()
    }

    @Test func port80WithNothingConfiguredUsesTheHTTPProbe() throws {
        #expect(
            try check(["-h", "10.0.0.1"]).summary
                == "TCP 10.0.0.1:80, send \"GET / HTTP/1.0\\r\\n\\r\\n\", expect a reply starting with \"HTTP\"")
        #expect(try check(["-h", "10.0.0.1", "-p", "443"]).summary == "TCP 10.0.0.1:443")
        #expect(
            try check(["-h", "10.0.0.1", "-x", "220"]).summary
                == "TCP 10.0.0.1:80, expect a reply starting with \"220\"")
    }

    @Test func escapesAreTranslatedUnlessSuppressed() throws {
        #expect(
            try check(["-h", "10.0.0.1", "-p", "25", "-s", "HELO x\\r\\n", "-x", "*"]).summary
                == "TCP 10.0.0.1:25, send \"HELO x\\r\\n\", expect any reply")
        #expect(
            try check(["-h", "10.0.0.1", "-p", "25", "-T", "-s", "HELO x\\r\\n"]).summary
                == "TCP 10.0.0.1:25, send \"HELO x\\\\r\\\\n\"")
    }

    @Test func udpRegexAndProgramChecks() throws {
        #expect(try check(["-h", "10.0.0.1", "-p", "53", "-u"]).summary == "UDP 10.0.0.1:53, expect any reply")
        #expect(
            try check(["-h", "10.0.0.1", "-p", "80", "-x", "^HTTP/1\\.1 200", "--regex"]).summary
                == "TCP 10.0.0.1:80, expect a reply matching /^HTTP/1\\.1 200/")
        #expect(
            try check(["-h", "10.0.0.1", "-r", "8080", "-e", "/bin/probe %h:%p", "-x", "OK"]).summary
                == "program /bin/probe 10.0.0.1:8080, expect \"OK\"")
        #expect(
            try check(["-h", "10.0.0.1", "-e", "/bin/probe"]).summary == "program /bin/probe, expect exit status 0")
    }
}
