import Addressing
import Testing
@testable import LVSConfig

/// The test cases of lvs-cf.md part D: each input, what Piranha did, what we do.
@Suite struct PiranhaCasesTests {
    @Test func emptyFileIsRejected() {
        let r = parse("")
        #expect(r.lines == ["1:1: error: empty configuration: the file has no content"])
    }

    @Test func equalsWithoutBlanks() {
        let r = parseFragment("serial_no=1\n")
        #expect(
            r.errors.map(\.message) == ["serial_no: '=' must have a blank on each side (write 'serial_no = VALUE')"])
        #expect(r.errors.first?.line == 1 && r.errors.first?.column == 1)
        #expect(
            parseFragment("serial_no =1\n").errors.first?.message.contains("'=' must have a blank on each side") == true
        )
    }

    @Test func equalsMissing() {
        let r = parseFragment("serial_no 1\n")
        #expect(r.errors.map(\.message) == ["serial_no: equal (=) expected after the key (write 'serial_no = VALUE')"])
    }

    @Test func tooManyValues() {
        let r = parseFragment("serial_no = 1 2\n")
        #expect(r.errors.map(\.message) == ["serial_no: unexpected arguments: '2' after the value"])
        #expect(r.errors.first?.column == 15)
    }

    @Test func valueMissing() {
        let r = parseFragment("serial_no =\n")
        #expect(r.errors.map(\.message) == ["serial_no: missing value (expected an integer 0-2147483647)"])
        #expect(r.errors.first?.column == 13)
    }

    @Test func integerExpected() {
        let r = parseFragment("serial_no = 12abc\n")
        #expect(r.errors.map(\.message) == ["serial_no: integer expected: an integer 0-2147483647, got '12abc'"])
        #expect(r.errors.first?.column == 13)
    }

    @Test func keysAreCaseSensitive() {
        let r = parseFragment("Serial_no = 1\n")
        #expect(
            r.errors.map(\.message) == ["unknown key 'Serial_no' (keys are case-sensitive: did you mean 'serial_no'?)"])
    }

    @Test func booleanExpected() {
        let r = parseFragment("backup_active = 2\n")
        #expect(r.errors.map(\.message) == ["backup_active: boolean expected (0 or 1), got '2'"])
    }

    @Test func primaryUnspecifiedIsRejected() {
        let r = parseFragment("primary = 0.0.0.0\n")
        #expect(
            r.errors.first?.message
                == "primary: invalid host name or ip address '0.0.0.0' (expected this director's own address)")
    }

    @Test func unresolvableHost() {
        let r = parseFragment("primary = no.such.host.invalid\n")
        #expect(r.errors.first?.message == "primary: cannot resolve host 'no.such.host.invalid'")
        #expect(r.errors.first?.column == 11)
    }

    @Test func commentAfterValue() {
        let r = parseFragment("serial_no = 1 # c\n")
        #expect(
            r.errors.map(\.message) == [
                "serial_no: a comment must start its own line ('#' after a value is not a comment)"
            ])
        #expect(r.errors.first?.column == 15)
    }

    @Test func quotedValueWithTrailingBlankIsAccepted() {
        let r = parseGlobals("rsh_command = \"ssh\" \n")
        #expect(r.diagnostics.isEmpty)
        #expect(r.config.rshCommand == "ssh")
    }

    @Test func crlfFileAppliesEveryLine() {
        let text = (validGlobals + "serial_no = 7\nkeepalive = 3\n" + validVirtual).replacingOccurrences("\n", "\r\n")
        let r = parse(text)
        #expect(r.diagnostics.isEmpty)
        #expect(r.config.serialNumber == 7)
        #expect(r.config.heartbeat.keepalive == .seconds(3))
        #expect(r.config.virtualServices.first?.servers.first?.address == .v4(IPv4Address(10, 0, 1, 10)))
    }

    @Test func blockOpenAtEndOfFile() {
        let r = parse(validGlobals + "\nvirtual v {\n    active = 0\n")
        #expect(r.errors.map(\.message) == ["virtual: block 'v' is not closed: missing '}' before the end of the file"])
        #expect(r.errors.first?.line == 6 && r.errors.first?.column == 1)
    }

    @Test func junkAfterClosingBrace() {
        let r = parse(validGlobals + "virtual v {\n} junk\n")
        #expect(r.errors.map(\.message) == ["}: unexpected 'junk' after '}'"])
        #expect(r.errors.first?.line == 6 && r.errors.first?.column == 3)
    }

    @Test func badPersistenceMask() {
        let r = parseVirtual("    persistent = 60\n    pmask = notamask")
        #expect(
            r.errors.map(\.message) == [
                "pmask: bad netmask: expected a netmask such as 255.255.255.0, or a prefix length 1-128 for IPv6, got 'notamask'"
            ])
    }

    @Test func portAfterServersAppliesToThemWithAWarning() {
        let r = parse(
            validGlobals + """
                virtual www {
                    active = 1
                    address = 192.0.2.10 eth0:1
                    server a {
                        address = 10.0.1.10
                        active = 1
                    }
                    port = 81
                }

                """)
        #expect(r.config.virtualServices[0].servers[0].port == 81)
        #expect(
            r.lines == [
                "12:5: warning: port: set after the server blocks; servers without their own port use 81 (Piranha used the port in force when each server block was read)"
            ])
    }

    @Test func serverPortByServiceName() {
        let r = parse(
            validGlobals + """
                virtual www {
                    active = 1
                    address = 192.0.2.10 eth0:1
                    port = 8080
                    server a {
                        address = 10.0.1.10
                        port = https
                        active = 1
                    }
                }

                """)
        #expect(r.diagnostics.isEmpty)
        #expect(r.config.virtualServices[0].servers[0].port == 443)
    }

    @Test func modernSchedulersAreAccepted() {
        for name in ["mh", "sed", "nq", "fo", "ovf", "twos"] {
            let r = parseVirtual("    scheduler = \(name)")
            #expect(r.diagnostics.isEmpty, "\(name)")
            #expect(r.config.virtualServices[0].scheduler.rawValue == name)
        }
    }

    @Test func guiOnlyKeyIsAWarning() {
        let r = parseVirtual("    expect_program = x")
        #expect(
            r.lines == [
                "8:5: warning: expect_program: ignored: the Piranha GUI wrote this key into blocks, but Piranha never read it there"
            ])
    }

    @Test func singleQuotesAreStripped() {
        let r = parseVirtual("    send = 'GET / x'")
        #expect(r.diagnostics.isEmpty)
        #expect(r.config.virtualServices[0].check.send == "GET / x")
    }

    @Test func lineNumbersCountCommentAndBlankLines() {
        let r = parseFragment("# header\n\n   # indented comment\nserial_no = x\n")
        #expect(r.errors.first?.line == 4)
        #expect(r.errors.first?.column == 13)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
