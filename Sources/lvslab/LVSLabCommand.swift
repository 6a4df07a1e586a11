import ArgumentParser
import Foundation
import Glibc
import LVSLab
import LVSTestKit

/// `lvslab`: the lab of the demo and the end-to-end tests, as a command. Wiring only: the lab and
/// the scenario live in the `LVSLab` library.
@main
struct LVSLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lvslab",
        abstract: "The LVSRouter lab: a client, two directors and real servers in network namespaces.",
        subcommands: [Demo.self, BenchFailover.self]
    )
}

/// `lvslab bench-failover`: scripts/bench/failover-e2e's trials, pulse, keepalived and the mixed
/// pair (pulse speaking VRRP beside keepalived) in one run.
struct BenchFailover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-failover",
        abstract:
            "Crash and hand over the active director again and again; pulse, keepalived and a mixed pair, end to end.",
        discussion: """
            Needs root, a kernel with IPVS and keepalived (scripts/bench/failover-e2e runs it in the \
            QEMU guest of scripts/vm). Prints one line per trial on standard error and one line per \
            figure on standard output, pulse beside keepalived with the ratio, then the mixed pair \
            (pulse+keepalived: pulse with heartbeat_protocol = vrrp on the primary, keepalived on the \
            backup; its hand-overs made on pulse, lvsctl failover or lvsctl takeover) beside keepalived.
            """
    )

    @Option(help: "Crashes of the active director per daemon.")
    var crashes = 10

    @Option(help: "Planned hand-overs per daemon.")
    var handovers = 10

    @Option(
        help: ArgumentHelp(
            "pulse's keepalive and keepalived's advert_int, in seconds (deadtime: three of them).", valueName: "SECONDS"
        ))
    var keepalive = "0.5"

    // The default stays the two pairs: scripts/bench/active-active reads this run's crash lines.
    @Option(
        help: ArgumentHelp(
            "Which daemons, comma-separated: pulse, keepalived, pulse+keepalived (the mixed pair).",
            valueName: "LIST"))
    var daemons = "pulse,keepalived"

    func validate() throws {
        guard (0...100).contains(crashes), (0...100).contains(handovers) else {
            throw ValidationError("--crashes and --handovers take 0 to 100")
        }
        guard let seconds = Double(keepalive), seconds >= 0.05, seconds <= 5 else {
            throw ValidationError("--keepalive \(keepalive): a number of seconds from 0.05 to 5 expected")
        }
        for name in daemons.split(separator: ",") where LabDaemon(rawValue: String(name)) == nil {
            let known = LabDaemon.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--daemons: unknown daemon '\(name)' (\(known))")
        }
        // vrrp_advert_interval is in centiseconds: the mixed pair would round what keepalived takes as given.
        if daemons.split(separator: ",").contains("pulse+keepalived"),
            (keepalive.split(separator: ".").dropFirst().first?.count ?? 0) > 2
        {
            throw ValidationError("--keepalive \(keepalive): the mixed pair needs whole centiseconds (such as 0.25)")
        }
    }

    func run() throws {
        SignalCleanup.install()
        var settings = FailoverBenchmark.Settings()
        settings.crashes = crashes
        settings.handovers = handovers
        settings.keepalive = keepalive
        settings.daemons = daemons.split(separator: ",").compactMap { LabDaemon(rawValue: String($0)) }
        let benchmark = FailoverBenchmark(settings: settings) { line in
            let text = Array((line + "\n").utf8)
            _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
        let samples = try benchmark.run()
        let plan = benchmark.plan(.pulse)
        let summary = FailoverBenchmarkSummary(
            samples: samples, keepalive: plan.keepaliveDuration, deadtime: plan.deadtimeDuration)
        for line in summary.lines + summary.targets { print(line) }
    }
}

/// `lvslab demo`: runs the demo's scenario and narrates it.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the demo: the whole suite on real traffic, in six steps, each checked.",
        discussion: """
            Needs root and a kernel with IPVS (scripts/demo runs it in the QEMU guest of scripts/vm). \
            Builds the lab in network namespaces, starts pulse on both directors, runs the six steps and \
            takes everything down again. Exit status 0 only if every step behaved as stated.
            """
    )

    @Option(help: ArgumentHelp("Colour the outcomes: auto (only on a terminal), always, never.", valueName: "WHEN"))
    var color: ColorChoice = .auto

    func run() throws {
        SignalCleanup.install()
        let printer = NarrationPrinter(colored: color.enabled(for: STDOUT_FILENO))
        let report = DemoScenario { printer.print($0) }.run()
        throw ExitCode(report.passed ? 0 : 1)
    }
}

/// When to colour.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether to colour output written to `descriptor`. `auto` follows `LVSROUTER_DEMO_COLOR`
    /// (`1` or `0`) when set: scripts/demo sets it from its own output, because in the guest the
    /// output is a serial line, a terminal to `isatty` whatever the user's is. Otherwise: a
    /// terminal with a `TERM` other than `dumb`.
    func enabled(for descriptor: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let value = getenv("LVSROUTER_DEMO_COLOR") { return String(cString: value) == "1" }
            guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty, term != "dumb" else {
                return false
            }
            return isatty(descriptor) == 1
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP take the lab down before lvslab exits: its processes run in process
/// groups of their own, which a signal to lvslab's group would not reach.
enum SignalCleanup {
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// Blocks the signals (threads started later inherit the mask; children get a clean one) and
    /// waits for them on a thread of their own.
    static func install() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let thread = Thread {
            var waited = sigset_t()
            sigemptyset(&waited)
            for signal in signals { sigaddset(&waited, signal) }
            var received: Int32 = 0
            guard sigwait(&waited, &received) == 0 else { return }
            let note = Array("lvslab: stopped by signal \(received); taking the lab down\n".utf8)
            _ = note.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            LabRegistry.tearDownAll()
            _exit(128 + received)
        }
        thread.start()
    }
}
