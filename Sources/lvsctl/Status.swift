import ArgumentParser
import Control
import FoundationEssentials

/// `lvsctl status [--json]`: both directors (from pulse) and every service and real server (from
/// the local lvsd).
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show both directors, every virtual service and every real server.",
        discussion: """
            The directors come from this director's pulse (its own state and table, and the \
            peer's as its heartbeats tell); the services from the local lvsd, which runs on both \
            directors (warm standby; with warm_standby = 0 on the active one only): run it on each \
            director to see both tables. Exits 1 when pulse does not answer, or when lvsd should \
            run here and does not answer.
            """
    )

    @Flag(name: .long, help: "Print one JSON object (pulse, lvsd, lvsdNote) for scripts.")
    var json = false

    @OptionGroup var daemons: DaemonOptions

    func run() throws {
        let pulse = try Exchange.pulse(daemons, .status)
        guard let status = pulse.result else {
            Output.error("lvsctl: pulse answered without a status")
            throw ExitCode(1)
        }
        let report = DirectorReport(pulse: status, asking: daemons.lvsd)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Output.print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            for line in report.text { Output.print(line) }
        }
        if report.lvsd == nil, !report.lvsdAbsenceExpected { throw ExitCode(1) }
    }
}
