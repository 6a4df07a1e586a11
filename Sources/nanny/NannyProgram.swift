import CLVSShims
import DaemonSupport
import Glibc
import HealthCheck
import Logging

/// nanny's program: the command line, start-up and the runner. `main` calls it once when started
/// by `exec`; a fork server calls it in each child it forks.
enum NannyProgram {
    /// Runs nanny with `arguments` (argv without argv[0]) and ends the process.
    static func run(_ arguments: [String]) -> Never {
        let bootstrap = DaemonBootstrap(program: "nanny")
        // Signals first, before anything could start a thread: the loop reads them from a signalfd,
        // and SIGCHLD must reach it, not some other thread.
        do {
            try bootstrap.blockSignals([.terminate, .interrupt, .hangup, .user1, .user2, .child])
        } catch {
            Console.error("nanny: \(error)")
            exit(1)
        }

        let options: NannyOptions
        do {
            switch try NannyCommandLine.parse(arguments) {
            case .help:
                Console.print(NannyCommandLine.helpText, newline: false)
                exit(0)
            case .version:
                Console.print(NannyCommandLine.version)
                exit(0)
            case .run(let parsed):
                options = parsed
            }
        } catch {
            Console.error("nanny: \(error)")
            exit(2)
        }

        let check: any HealthCheck
        do {
            check = try options.makeCheck()
        } catch {
            Console.error("nanny: \(error)")
            exit(2)
        }

        var reportDescriptor: FileDescriptor?
        if let number = options.reportDescriptor {
            let descriptor = FileDescriptor(rawValue: number)
            do {
                // Is it open? Keep it out of check programs (the spawner closes it anyway).
                try descriptor.setCloseOnExec()
            } catch {
                Console.error("nanny: --report-fd \(number): \(error.reason)")
                exit(2)
            }
            reportDescriptor = descriptor
            // Die with lvsd even if the socket close were missed (Piranha's lvsd did the same).
            _ = lvs_set_parent_death_signal(SIGTERM)
        }

        // In the foreground too: lvsd reads nothing of it, but the admin's syslog is where checks are read.
        bootstrap.bootstrapLogging(
            options.foreground ? .syslogAndStandardError : .syslog, logSocket: options.logSocket)
        let logger = bootstrap.logger(verbose: options.verbose)

        do {
            let loop = EventLoop()
            let reaper = try ChildReaper(loop: loop, strategy: .allChildren, logger: logger)
            // What a check program leaves running comes back to nanny, which ends it (OrphanSweeper).
            try OrphanSweeper.becomeSubreaper()
            let runner = try NannyRunner(
                options: options, check: check, reportDescriptor: reportDescriptor, loop: loop, reaper: reaper,
                logger: logger, sweepsOrphans: true)
            switch try runner.run() {
            case .signal(let signal):
                logger.info("stopping on \(signal)")
            case .lvsdGone(let reason):
                logger.notice("\(reason); exiting")
            case .serviceFailed(.failed(let reason)):
                // Piranha's words, so that scripts watching the log keep working.
                logger.error("Exiting due to connection failure of \(options.serverName): \(reason)")
                exit(0)
            case .serviceFailed(.neverAnswered(let reason)):
                logger.error(
                    "Timeout waiting for service \(options.serverName) to answer -- triggering failover! (\(reason))")
                exit(1)
            }
            exit(0)
        } catch {
            logger.error("\(error)")
            Console.error("nanny: \(error)")
            exit(1)
        }
    }
}
