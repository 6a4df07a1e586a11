import Testing

@testable import LVSConfig

/// `load_monitor` and `rsh_command` take only what nanny's `-U` can run.
@Suite struct LoadMonitorConfigTests {
    @Test(arguments: ["uptime", "rup", "ruptime", "none"])
    func knownLoadMonitorsAreAccepted(_ value: String) {
        let r = parseVirtual("    load_monitor = \(value)")
        #expect(r.diagnostics.isEmpty)
        #expect(r.config.virtualServices.first?.check.loadMonitor == value)
    }

    @Test func unknownLoadMonitorIsAnErrorAtItsValue() {
        let r = parseVirtual("    load_monitor = upttime")
        #expect(
            r.errors.map(\.message) == [
                "load_monitor: invalid argument 'upttime'; expected one of: uptime, rup, ruptime, none"
            ])
        // validGlobals, then "virtual www {", "active", "address", then the key: column of the value.
        let line = validGlobals.split(separator: "\n", omittingEmptySubsequences: false).count + 3
        #expect(r.errors.first?.line == line && r.errors.first?.column == 20)
    }

    @Test(arguments: ["rsh", "ssh", "ssh -q", "/usr/bin/ssh", "/usr/local/bin/ssh -p 2222"])
    func rshCommandsAreAccepted(_ value: String) {
        let r = parseGlobals("rsh_command = \"\(value)\"")
        #expect(r.diagnostics.isEmpty)
        #expect(r.config.rshCommand == value)
    }

    @Test(arguments: ["sh", "bin/ssh", "\"\"", "ssh2"])
    func otherRshCommandsAreErrors(_ value: String) {
        let r = parseGlobals("rsh_command = \(value)")
        #expect(r.errors.count == 1)
        #expect(
            r.errors.first?.message.hasPrefix("rsh_command: invalid argument ") == true
                && r.errors.first?.message.hasSuffix(
                    "; expected rsh, ssh or an absolute path to a remote-shell program")
                    == true,
            "\(r.lines)")
    }
}
