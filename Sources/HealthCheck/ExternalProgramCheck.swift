import Addressing
import DaemonSupport

/// A check by an external program (`send_program`): `%h` and `%p` in its arguments are replaced
/// by the server's address and port, it runs without a shell, and it is killed (with its whole
/// process group) when the timeout passes.
///
/// With an expected string, the program's output (one trailing newline removed) must equal it;
/// **empty output fails** (Piranha counted it as success). Without one, exit status 0 passes.
/// A program killed by a signal fails.
public struct ExternalProgramCheck: HealthCheck {
    /// The command as configured: program and arguments separated by spaces.
    public var command: String
    /// The server, for `%h` and `%p`.
    public var endpoint: SocketAddress
    /// The exact output required, or `nil` to judge by exit status.
    public var expect: [UInt8]?

    /// Most output read (Piranha read 4095 bytes).
    public static let outputLimit = 4095

    /// A check running `command` against `endpoint`.
    public init(command: String, endpoint: SocketAddress, expect: [UInt8]?) {
        self.command = command
        self.endpoint = endpoint
        self.expect = expect
    }

    /// The argument vector: `command` split on spaces and tabs, `%h` → address, `%p` → port.
    public var arguments: [String] {
        command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { word in
            Self.substitute(word, host: endpoint.address.description, port: "\(endpoint.port)")
        }
    }

    /// `%h` → host, `%p` → port, anywhere in a word; any other `%` sequence is left alone.
    static func substitute(_ word: Substring, host: String, port: String) -> String {
        var result = ""
        var rest = word[...]
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let next = rest.index(after: percent)
            if next < rest.endIndex, rest[next] == "h" || rest[next] == "p" {
                result += rest[next] == "h" ? host : port
                rest = rest[rest.index(after: next)...]
            } else {
                result += "%"
                rest = rest[next...]
            }
        }
        return result + rest
    }

    public var summary: String {
        var text = "program \(arguments.joined(separator: " "))"
        if let expect {
            text += ", expect \"\(CheckEscapes.printable(expect))\""
        } else {
            text += ", expect exit status 0"
        }
        return text
    }

    /// Judges a finished run: its output and how it ended.
    public func verdict(output: [UInt8], status: TerminationStatus) -> CheckResult {
        var output = output
        if output.last == UInt8(ascii: "\n") { output.removeLast() }
        let name = arguments.first ?? command
        if case .signaled(let signal) = status { return .failed("check program \(name) was killed by \(signal)") }
        guard let expect else {
            return status.isSuccess
                ? .passed("check program \(name) exited with status 0")
                : .failed("check program \(name) \(status)")
        }
        if output.isEmpty {
            return .failed("check program \(name) printed nothing (expected \"\(CheckEscapes.printable(expect))\")")
        }
        if output == expect { return .passed("check program \(name) printed \"\(CheckEscapes.printable(output))\"") }
        return .failed(
            "check program \(name) printed \"\(CheckEscapes.printable(output))\", expected \"\(CheckEscapes.printable(expect))\""
        )
    }

    public func start(_ context: CheckContext, completion: @escaping (CheckResult) -> Void) -> any RunningCheck {
        let run = ExternalProgramCheckRun(check: self, context: context, completion: completion)
        run.begin()
        return run
    }
}

final class ExternalProgramCheckRun: RunningCheck {
    private let check: ExternalProgramCheck
    private let context: CheckContext
    private let completion: CheckCompletion
    private var run: ProgramRun?

    init(check: ExternalProgramCheck, context: CheckContext, completion: @escaping (CheckResult) -> Void) {
        self.check = check
        self.context = context
        self.completion = CheckCompletion(loop: context.loop, completion: completion)
    }

    func begin() {
        let arguments = check.arguments
        guard let program = arguments.first else { return completion.finish(.failed("check program: empty command")) }
        let run = ProgramRun(
            arguments: arguments, loop: context.loop, reaper: context.reaper, timeout: context.timeout,
            outputLimit: ExternalProgramCheck.outputLimit
        ) { [self] outcome in
            self.run = nil
            switch outcome {
            case .finished(let output, let status):
                completion.finish(check.verdict(output: output, status: status))
            case .timedOut:
                completion.finish(
                    .failed(
                        "check program \(program) did not finish within \(NannyStateMachine.seconds(context.timeout)) and was killed"
                    ))
            case .notStarted(let reason):
                completion.finish(.failed("check program \(program): \(reason)"))
            }
        }
        self.run = run
        run.start()
    }

    func cancel() {
        completion.cancel()
        run?.cancel()
        run = nil
    }
}
