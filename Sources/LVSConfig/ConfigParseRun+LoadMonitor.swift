/// `load_monitor` and `rsh_command`: the values nanny's `-U` accepts, refused here first so a
/// typo is reported with its line instead of by every nanny at start.
extension ConfigParseRun {
    /// The load monitors a virtual service may name.
    static let loadMonitors = ["uptime", "rup", "ruptime", "none"]

    /// `load_monitor`: `uptime`, `rup`, `ruptime` or `none`.
    func readLoadMonitor(_ token: ConfigToken, _ key: ConfigKey) -> String? {
        guard let s = readText(token, key) else { return nil }
        guard Self.loadMonitors.contains(s) else {
            diagnostics.error(
                location(token),
                "\(key.name): invalid argument \(token.count == 0 ? "(empty)" : shown(token)); expected one of: \(Self.loadMonitors.joined(separator: ", "))"
            )
            return nil
        }
        return s
    }

    /// `rsh_command`: `rsh`, `ssh` or an absolute path, optionally followed by arguments (split
    /// on spaces, no shell), which nanny runs as `<command> <RIP> uptime`.
    func readRshCommand(_ token: ConfigToken, _ key: ConfigKey) -> String? {
        guard let s = readText(token, key) else { return nil }
        let program = s.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        guard program == "rsh" || program == "ssh" || (program.hasPrefix("/") && program.count > 1) else {
            diagnostics.error(
                location(token),
                "\(key.name): invalid argument \(token.count == 0 ? "(empty)" : shown(token)); expected rsh, ssh or an absolute path to a remote-shell program"
            )
            return nil
        }
        return s
    }
}
