import Addressing
import Testing
@testable import LVSConfig

/// The lossless document: unchanged text round-trips, edits touch only their own lines, and new
/// keys and blocks go where a person would put them.
@Suite struct LVSConfigDocumentTests {
    let sample = """
        # Cluster A
        serial_no    =   7
        primary = 192.0.2.1
        backup = 192.0.2.2
        backup_active = 1
        network = direct

        # The web site
        virtual www {
             active = 1
             address = 192.0.2.10 eth0:1
             expect = "HTTP"
             server rs1 {
                 address = 10.0.1.10
                 active = 1
             }
        }

        """

    @Test func unchangedBytesRoundTrip() throws {
        for text in [sample, "", "\n", "a", "a\r\nb\r\n", "x\ny", "\r\n\r\n", "  # only a comment"] {
            #expect(LVSConfigDocument(text: text).bytes == Array(text.utf8), "\(text.debugDescription)")
        }
        let binary: [UInt8] = [0xFF, 0x00, 0x0D, 0x0A, 0x0D, 0x0D, 0x0A, 0x0A, 0x80]
        #expect(LVSConfigDocument(bytes: binary).bytes == binary)
        for name in ["lvs.cf.nat", "lvs.cf.direct-routing"] {
            let bytes = try sampleBytes(name)
            #expect(LVSConfigDocument(bytes: bytes).bytes == bytes)
        }
    }

    @Test func settingAnExistingValueKeepsTheRestOfTheLine() throws {
        var doc = LVSConfigDocument(text: sample)
        try doc.setValue("8", for: "serial_no")
        try doc.setValue("OK", for: "expect", in: .virtual("www"))
        try doc.setValue("10.0.1.99", for: "address", in: .server("rs1", virtual: "www"))
        try doc.setValue("192.0.2.11 eth0:2", for: "address", in: .virtual("www"))
        let expected =
            sample
            .replacingOccurrences("serial_no    =   7", "serial_no    =   8")
            .replacingOccurrences("\"HTTP\"", "\"OK\"")
            .replacingOccurrences("10.0.1.10", "10.0.1.99")
            .replacingOccurrences("192.0.2.10 eth0:1", "192.0.2.11 eth0:2")
        #expect(doc.text == expected)
        #expect(doc.value(for: "expect", in: .virtual("www")) == "OK")
        #expect(doc.value(for: "address", in: .virtual("www")) == "192.0.2.11 eth0:2")
        #expect(doc.value(for: "serial_no") == "8")
        #expect(doc.value(for: "scheduler", in: .virtual("www")) == nil)
    }

    @Test func valuesAreQuotedWhenNeeded() throws {
        var doc = LVSConfigDocument(text: sample)
        try doc.setValue("GET / HTTP/1.0\\r\\n\\r\\n", for: "send", in: .virtual("www"))
        try doc.setValue("say \"hi\"", for: "expect", in: .virtual("www"))
        try doc.setValue("/usr/bin/notify active", for: "active_cmd")
        let text = doc.text
        #expect(text.contains("     send = \"GET / HTTP/1.0\\r\\n\\r\\n\"\n"))
        #expect(text.contains("     expect = 'say \"hi\"'\n"))
        #expect(text.contains("active_cmd = \"/usr/bin/notify active\"\n"))
        let r = doc.parse(file: "lvs.cf", parser: LVSConfigParser(resolver: TableNameResolver()))
        #expect(r.config.virtualServices[0].check.send == "GET / HTTP/1.0\\r\\n\\r\\n")
        #expect(r.config.virtualServices[0].check.expect == "say \"hi\"")
        #expect(r.config.activeCommand == "/usr/bin/notify active")
    }

    @Test func healthCheckExtensionsAreWrittenBackInPlace() throws {
        var doc = LVSConfigDocument(text: sample)
        try doc.removeValue(for: "expect", in: .virtual("www"))
        try doc.setValue("https", for: "check_type", in: .virtual("www"))
        try doc.setValue("200 301-302", for: "http_status", in: .virtual("www"))
        try doc.setValue("/health", for: "http_path", in: .virtual("www"))
        try doc.setValue("3", for: "fall", in: .virtual("www"))
        let text = doc.text
        #expect(text.hasPrefix("# Cluster A\nserial_no    =   7\n"), "the rest stays as written")
        #expect(text.contains("     http_status = \"200 301-302\"\n"))
        let r = doc.parse(file: "lvs.cf", parser: LVSConfigParser(resolver: TableNameResolver()))
        #expect(r.errorCount == 0, "\(r.diagnostics)")
        let check = r.config.virtualServices[0].check
        #expect(check.checkType == .https)
        #expect(check.protocolCheck.httpStatus?.description == "200,301-302")
        #expect(check.protocolCheck.httpPath == "/health")
        #expect(check.riseFall.fall == 3)
    }

    @Test func newKeysGoWithTheirSection() throws {
        var doc = LVSConfigDocument(text: sample)
        try doc.setValue("0.5", for: "keepalive")
        try doc.setValue("rr", for: "scheduler", in: .virtual("www"))
        try doc.setValue("5", for: "weight", in: .server("rs1", virtual: "www"))
        #expect(
            doc.text == """
                # Cluster A
                serial_no    =   7
                primary = 192.0.2.1
                backup = 192.0.2.2
                backup_active = 1
                network = direct
                keepalive = 0.5

                # The web site
                virtual www {
                     active = 1
                     address = 192.0.2.10 eth0:1
                     expect = "HTTP"
                     scheduler = rr
                     server rs1 {
                         address = 10.0.1.10
                         active = 1
                         weight = 5
                     }
                }

                """)
    }

    @Test func firstGlobalKeyGoesAboveTheFirstBlockAndItsComment() throws {
        var doc = LVSConfigDocument(text: "# header\n\n# web\nvirtual www {\n}\n")
        try doc.setValue("192.0.2.1", for: "primary")
        #expect(doc.text == "# header\n\nprimary = 192.0.2.1\n# web\nvirtual www {\n}\n")
        var empty = LVSConfigDocument(text: "")
        try empty.setValue("192.0.2.1", for: "primary")
        #expect(empty.text == "primary = 192.0.2.1\n")
        var emptyBlock = LVSConfigDocument(text: "virtual www {\n}\n")
        try emptyBlock.setValue("1", for: "active", in: .virtual("www"))
        #expect(emptyBlock.text == "virtual www {\n    active = 1\n}\n")
    }

    @Test func addingBlocks() throws {
        var doc = LVSConfigDocument(text: sample)
        try doc.addBlock(.server("rs2", virtual: "www"), settings: [("address", "10.0.1.11"), ("active", "1")])
        try doc.addBlock(
            .virtual("mail"), settings: [("active", "0"), ("address", "192.0.2.12 eth0:3"), ("port", "25")])
        try doc.addBlock(.server("m1", virtual: "mail"), settings: [("address", "10.0.1.20")])
        #expect(
            doc.text
                == sample.replacingOccurrences(
                    """
                             active = 1
                         }
                    }

                    """,
                    """
                             active = 1
                         }
                         server rs2 {
                             address = 10.0.1.11
                             active = 1
                         }
                    }

                    virtual mail {
                         active = 0
                         address = 192.0.2.12 eth0:3
                         port = 25
                         server m1 {
                              address = 10.0.1.20
                         }
                    }

                    """))
        let r = doc.parse(file: "lvs.cf", parser: LVSConfigParser(resolver: TableNameResolver()))
        #expect(r.config.virtualServices.map(\.name) == ["www", "mail"])
        #expect(r.config.virtualServices[0].servers.map(\.name) == ["rs1", "rs2"])
        #expect(r.config.virtualServices[1].servers[0].port == 25)
    }

    @Test func addingModelValues() throws {
        var doc = LVSConfigDocument(text: validGlobals + validVirtual)
        var service = VirtualService(name: "dns")
        service.active = true
        service.vip = VirtualIP(address: .v4(IPv4Address(192, 0, 2, 53)), device: "eth0:5")
        service.transportProtocol = .udp
        service.port = 53
        service.scheduler = .rr
        service.check.expect = "*"
        service.servers = [
            RealServer(name: "ns1", address: .v4(IPv4Address(10, 0, 1, 53)), port: 53, weight: 2, active: true)
        ]
        try doc.addVirtualService(service)
        try doc.addRealServer(
            RealServer(name: "rs2", address: .v4(IPv4Address(10, 0, 1, 11)), port: 8080, weight: 3, active: true),
            toVirtual: "www")
        let r = doc.parse(file: "lvs.cf", parser: LVSConfigParser(resolver: TableNameResolver()))
        #expect(r.diagnostics.isEmpty)
        #expect(r.config.virtualService(named: "dns") == service)
        #expect(
            r.config.virtualService(named: "www")?.server(named: "rs2")
                == RealServer(name: "rs2", address: .v4(IPv4Address(10, 0, 1, 11)), port: 8080, weight: 3, active: true)
        )
        var fos = LVSConfigDocument(text: "primary = 192.0.2.1\nservice = fos\n")
        var f = FailoverService(name: "ftp")
        f.active = true
        f.vip = VirtualIP(address: .v4(IPv4Address(192, 0, 2, 30)), device: "eth0:3")
        f.port = 21
        f.startCommand = "/etc/init.d/vsftpd start"
        f.stopCommand = "/etc/init.d/vsftpd stop"
        try fos.addFailoverService(f)
        let fr = fos.parse(file: "lvs.cf", parser: LVSConfigParser(resolver: TableNameResolver()))
        #expect(fr.diagnostics.isEmpty)
        #expect(fr.config.failoverServices == [f])
    }

    @Test func removing() throws {
        var doc = LVSConfigDocument(text: sample)
        #expect(try doc.removeValue(for: "expect", in: .virtual("www")))
        #expect(try !doc.removeValue(for: "expect", in: .virtual("www")))
        try doc.removeBlock(.server("rs1", virtual: "www"))
        #expect(try doc.removeValue(for: "serial_no"))
        #expect(
            doc.text == """
                # Cluster A
                primary = 192.0.2.1
                backup = 192.0.2.2
                backup_active = 1
                network = direct

                # The web site
                virtual www {
                     active = 1
                     address = 192.0.2.10 eth0:1
                }

                """)
        var two = LVSConfigDocument(text: "a = 1\n\nvirtual x {\n}\n\nvirtual y {\n}\n")
        try two.removeBlock(.virtual("x"))
        #expect(two.text == "a = 1\n\nvirtual y {\n}\n")
        var last = LVSConfigDocument(text: "a = 1\n\nvirtual x {\n}\n")
        try last.removeBlock(.virtual("x"))
        #expect(last.text == "a = 1\n")
    }

    @Test func lineEndingsAreKept() throws {
        var crlf = LVSConfigDocument(text: "primary = 192.0.2.1\r\nvirtual www {\r\n    active = 1\r\n}\r\n")
        try crlf.setValue("rr", for: "scheduler", in: .virtual("www"))
        try crlf.setValue("2", for: "serial_no")
        #expect(
            crlf.text
                == "primary = 192.0.2.1\r\nserial_no = 2\r\nvirtual www {\r\n    active = 1\r\n    scheduler = rr\r\n}\r\n"
        )
        var noFinal = LVSConfigDocument(text: "primary = 192.0.2.1")
        try noFinal.setValue("1", for: "serial_no")
        #expect(noFinal.text == "primary = 192.0.2.1\nserial_no = 1")
        try noFinal.addBlock(.virtual("v"))
        #expect(noFinal.text == "primary = 192.0.2.1\nserial_no = 1\n\nvirtual v {\n}")
        try noFinal.removeBlock(.virtual("v"))
        #expect(noFinal.text == "primary = 192.0.2.1\nserial_no = 1")
    }

    @Test func tabsAndEmptyValues() throws {
        var doc = LVSConfigDocument(text: "virtual www {\n\tactive = 1\n\tserver a {\n\t}\n}\nserial_no =\n")
        try doc.setValue("1", for: "weight", in: .server("a", virtual: "www"))
        try doc.setValue("3", for: "serial_no")
        #expect(doc.text == "virtual www {\n\tactive = 1\n\tserver a {\n\t\tweight = 1\n\t}\n}\nserial_no = 3\n")
    }

    @Test func refusedEdits() {
        var doc = LVSConfigDocument(text: sample)
        let before = doc
        #expect(throws: LVSConfigEditError(operation: "setting scheduler in virtual 'nope'", reason: .noSuchBlock)) {
            try doc.setValue("rr", for: "scheduler", in: .virtual("nope"))
        }
        #expect(throws: LVSConfigEditError(operation: "setting weight in the global settings", reason: .keyNotAllowed))
        {
            try doc.setValue("1", for: "weight")
        }
        #expect(throws: LVSConfigEditError(operation: "setting sheduler in virtual 'www'", reason: .keyNotAllowed)) {
            try doc.setValue("rr", for: "sheduler", in: .virtual("www"))
        }
        #expect(
            throws: LVSConfigEditError(
                operation: "setting send in virtual 'www'",
                reason: .unrepresentableValue("a value cannot contain a line break"))
        ) {
            try doc.setValue("a\nb", for: "send", in: .virtual("www"))
        }
        #expect(
            throws: LVSConfigEditError(
                operation: "setting send in virtual 'www'",
                reason: .unrepresentableValue("a value with blanks cannot contain both quote characters"))
        ) {
            try doc.setValue("it's \"x\"", for: "send", in: .virtual("www"))
        }
        #expect(
            throws: LVSConfigEditError(
                operation: "setting address in virtual 'www'",
                reason: .unrepresentableValue("expected two values separated by a blank, such as '192.0.2.10 eth0:1'"))
        ) {
            try doc.setValue("192.0.2.10", for: "address", in: .virtual("www"))
        }
        #expect(throws: LVSConfigEditError(operation: "adding virtual 'www'", reason: .blockExists)) {
            try doc.addBlock(.virtual("www"))
        }
        #expect(throws: LVSConfigEditError(operation: "adding server 'a' in virtual 'nope'", reason: .noSuchBlock)) {
            try doc.addBlock(.server("a", virtual: "nope"))
        }
        #expect(throws: LVSConfigEditError(operation: "removing failover 'www'", reason: .noSuchBlock)) {
            try doc.removeBlock(.failover("www"))
        }
        #expect(doc == before)
        var open = LVSConfigDocument(text: "virtual www {\n")
        #expect(throws: LVSConfigEditError(operation: "removing virtual 'www'", reason: .blockNotClosed)) {
            try open.removeBlock(.virtual("www"))
        }
        #expect(
            LVSConfigEditError(operation: "setting x in virtual 'y'", reason: .noSuchBlock).description
                == "setting x in virtual 'y': no such block")
    }
}
