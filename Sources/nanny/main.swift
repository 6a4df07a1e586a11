// nanny: checks one real server and reports its health to lvsd. Argument parsing and wiring only;
// the decisions live in HealthCheck's NannyStateMachine.
import CLVSShims
import DaemonSupport
import Glibc
import HealthCheck
import Logging

/// Writes `text` to standard error (no `FILE *`: Swift 6 rejects the `stderr` global).
func printError(_ text: String) {
    try? FileDescriptor.standardError.writeAll(Array(text.utf8))
}

// Signals first, before anything could start a thread: the loop reads them from a signalfd, and
// SIGCHLD must reach it, not some other thread (swift-notes §7, §8).
do {
    try SignalSet([.terminate, .interrupt, .hangup, .user1, .user2, .child]).block()
} catch {
    printError("nanny: \(error)\n")
    exit(1)
}
Signal.pipe.ignore()

let options: NannyOptions
do {
    switch try NannyCommandLine.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help:
        try? FileDescriptor.standardOutput.writeAll(Array(NannyCommandLine.helpText.utf8))
        exit(0)
    case .version:
        try? FileDescriptor.standardOutput.writeAll(Array("\(NannyCommandLine.version)\n".utf8))
        exit(0)
    case .run(let parsed):
        options = parsed
    }
} catch {
    printError("nanny: \(error)\n")
    exit(2)
}

let check: any HealthCheck
do {
    check = try options.makeCheck()
} catch {
    printError("nanny: \(error)\n")
    exit(2)
}

var reportDescriptor: FileDescriptor?
if let number = options.reportDescriptor {
    let descriptor = FileDescriptor(rawValue: number)
    do {
        // Is it open? Keep it out of check programs (the spawner closes it anyway).
        try descriptor.setCloseOnExec()
    } catch {
        printError("nanny: --report-fd \(number): \(error.reason)\n")
        exit(2)
    }
    reportDescriptor = descriptor
    // Die with lvsd even if the socket close were missed (Piranha's lvsd did the same).
    _ = lvs_set_parent_death_signal(SIGTERM)
}

let syslog = SyslogConnection(path: options.logSocket)
let foreground = options.foreground
LoggingSystem.bootstrap { label in
    let toSyslog = SyslogLogHandler(label: label, ident: "nanny", connection: syslog)
    guard foreground else { return toSyslog }
    return MultiplexLogHandler([toSyslog, StandardErrorLogHandler(label: label, program: "nanny")])
}
var logger = Logger(label: "nanny")
logger.logLevel = options.verbose ? .debug : .info

do {
    let loop = EventLoop()
    let reaper = try ChildReaper(loop: loop, strategy: .allChildren, logger: logger)
    // What a check program leaves running comes back to nanny, which ends it (OrphanSweeper).
    try OrphanSweeper.becomeSubreaper()
    let runner = try NannyRunner(
        options: options, check: check, reportDescriptor: reportDescriptor, loop: loop, reaper: reaper, logger: logger,
        sweepsOrphans: true)
    switch try runner.run() {
    case .signal(let signal):
        logger.info("stopping on \(signal)")
    case .lvsdGone(let reason):
        logger.notice("\(reason); exiting")
    }
    exit(0)
} catch {
    logger.error("\(error)")
    printError("nanny: \(error)\n")
    exit(1)
}
