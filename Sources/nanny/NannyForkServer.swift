import CLVSShims
import DaemonSupport
import Glibc
import HealthCheck

/// `nanny --fork-server`: lvsd's fork server for nannies (DaemonSupport's ForkServer). Loaded and
/// warmed up once, it forks each nanny lvsd asks for, so the nannies share its pages: a nanny
/// costs a fraction of one started with `exec`, which matters with hundreds per director.
enum NannyForkServer {
    /// The socket lvsd passes as descriptor 3.
    static let socketNumber: CInt = 3
    /// Where a child's report socket goes: the descriptor its `--report-fd` names.
    static let reportNumber: CInt = 3

    /// Serves lvsd until it closes the socket; exits 0 then, 1 on an error.
    static func run(_ arguments: [String]) -> Never {
        guard arguments.isEmpty else {
            Console.error("nanny --fork-server: unexpected argument \"\(arguments[0])\"")
            exit(2)
        }
        let socket = FileDescriptor(rawValue: socketNumber)
        guard FileKind.of(descriptor: socket) == .socket else {
            Console.error("nanny --fork-server: descriptor 3 is not a socket (lvsd starts the fork server)")
            exit(2)
        }
        warmUp()
        do {
            try ForkServer.serve(socket, prepare: prepare) { arguments, report in startChild(arguments, report) }
            exit(0)
        } catch {
            Console.error("nanny --fork-server: \(error)")
            exit(1)
        }
    }

    /// What every nanny needs, done once here so the children share it: the checks' types and
    /// their libraries set up, the command-line parser's tables built.
    private static func warmUp() {
        // An HTTPS check makes a TLS context: OpenSSL loads its providers and algorithm tables,
        // the bulk of what a TLS nanny would otherwise set up on its own. (Without verification:
        // the CA store a nanny needs is loaded for its first request, in `prepare`.)
        let sample = ["-h", "127.0.0.1", "-p", "443", "-t", "1", "--check", "https", "--http-status", "2xx"]
        if case .run(let options)? = try? NannyCommandLine.parse(sample) { _ = try? options.makeCheck() }
        _ = NannyCommandLine.helpText.count
    }

    /// Before forking a nanny: makes its check once here, so what it sets up that can be shared
    /// (the TLS context for its CA file) is made in the server and shared by every nanny with the
    /// same settings. A command line nanny will refuse is left to the nanny to report.
    private static func prepare(_ arguments: [String]) {
        if case .run(let options)? = try? NannyCommandLine.parse(arguments) { _ = try? options.makeCheck() }
    }

    /// In a forked child, adopted by lvsd: its report socket as descriptor 3 and nothing else of
    /// the server's, its own command line in `ps`; then nanny runs.
    private static func startChild(_ arguments: [String], _ report: FileDescriptor) -> Never {
        do {
            try ForkServer.keepOnly(report, as: reportNumber)
        } catch {
            Console.error("nanny: \(error)")
            exit(1)
        }
        try? ForkServer.showCommandLine(["nanny"] + arguments)
        NannyProgram.run(arguments)
    }
}
