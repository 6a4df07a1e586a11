import Testing
@testable import LVSConfig

@Suite struct DiagnosticTests {
    @Test func printedForm() {
        let d = Diagnostic(
            severity: .error, file: "/etc/sysconfig/ha/lvs.cf", line: 12, column: 5, message: "port: missing value")
        #expect(d.description == "/etc/sysconfig/ha/lvs.cf:12:5: error: port: missing value")
        let w = Diagnostic(severity: .warning, file: "lvs.cf", line: 1, column: 1, message: "x")
        #expect(w.description == "lvs.cf:1:1: warning: x")
        #expect(Diagnostic.Severity.warning < .error)
    }

    @Test func sortedByPositionKeepingOrderWithinAPosition() {
        var c = DiagnosticCollector(file: "f")
        c.error(SourceLocation(line: 3, column: 1), "c")
        c.warning(SourceLocation(line: 1, column: 5), "b")
        c.error(SourceLocation(line: 1, column: 5), "b2")
        c.warning(SourceLocation(line: 1, column: 1), "a")
        #expect(c.sorted().map(\.message) == ["a", "b", "b2", "c"])
        #expect(c.errorCount == 2)
    }

    @Test func parseResultCountsAndFilters() {
        let r = parseGlobals("serial_no = x\nheartbeat = 0")
        #expect(r.hasErrors && r.errorCount == 1)
        #expect(r.errors.count == 1 && r.warnings.count == 1)
        #expect(r.diagnostics.allSatisfy { $0.file == "lvs.cf" })
    }
}

/// A file of tens of thousands of bad lines: the first 100 diagnostics are kept, all are counted.
@Suite struct DiagnosticLimitTests {
    @Test func onlyTheFirstHundredAreKeptAndAllAreCounted() {
        var text = "primary = 192.0.2.1\n"
        for i in 0..<50_000 { text += "bogus_key_\(i) = 1\n" }
        let r = parse(text)
        #expect(r.errorCount == 50_000)
        #expect(r.warningCount == 1, "no active virtual service")
        #expect(r.diagnostics.count == DiagnosticCollector.storedLimit)
        #expect(r.diagnostics.first?.message == "unknown key 'bogus_key_0'")
        #expect(r.omittedCount == 50_001 - 100)
        #expect(r.countsDescription == "50000 errors, 1 warning (only the first 100 shown)")
        #expect(parse("primary = 192.0.2.1\nbogus = 1\n").countsDescription == "1 error, 1 warning")
    }
}

/// Messages quote the file: its control bytes are escaped, never passed to a terminal or syslog.
@Suite struct DiagnosticEscapingTests {
    @Test func controlBytesInQuotedTextAreEscaped() {
        let r = parse("primary = 192.0.2.1\n\u{1B}[31mred = 1\nbogus\u{7F}\u{85} = 2\n")
        let messages = r.errors.map(\.message)
        #expect(messages.contains("unknown key '\\x1B[31mred'"), "\(messages)")
        #expect(messages.contains("unknown key 'bogus\\x7F\\u{85}'"), "\(messages)")
        #expect(
            r.diagnostics.allSatisfy { d in
                !d.description.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
            })
        #expect(DiagnosticCollector.printable("tab\there") == "tab\\there")
        #expect(DiagnosticCollector.printable("plain é text") == "plain é text")
    }
}
