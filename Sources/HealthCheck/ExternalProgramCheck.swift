import Addressing
import DaemonSupport
import Glibc

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
    private var pid: pid_t?
    private var output: FileDescriptor?
    private var watch: EventLoop.WatchID?
    private var collected: [UInt8] = []
    private var killedAtTimeout = false

    init(check: ExternalProgramCheck, context: CheckContext, completion: @escaping (CheckResult) -> Void) {
        self.check = check
        self.context = context
        self.completion = CheckCompletion(loop: context.loop, completion: completion)
    }

    func begin() {
        let arguments = check.arguments
        guard let program = arguments.first else { return completion.finish(.failed("check program: empty command")) }
        let spec = ChildProcessSpec(
            executable: program, arguments: Array(arguments.dropFirst()),
            standardInput: .null, standardOutput: .pipe, standardError: .null,
            // Its own process group, so the timeout kills whatever it started too.
            newSession: true)
        do {
            let child = try context.reaper.spawn(spec) { [self] exit in exited(exit.status) }
            pid = child.pid
            if let stdout = child.standardOutput {
                output = stdout
                watch = context.loop.watch(stdout, for: .readable) { [self] _ in drain() }
            }
        } catch {
            return completion.finish(
                .failed("check program \(program): \(SystemCallError.describe(errno: error.errno))"))
        }
        completion.armDeadline(after: context.timeout) { [self] in timedOut() }
    }

    func cancel() {
        completion.cancel()
        killGroup()
        closeOutput()
    }

    private func drain() {
        guard let output else { return }
        // Bounded per turn; the pipe is non-blocking.
        for _ in 0..<16 {
            guard let chunk = try? output.read(upTo: 4096) else { return }  // EAGAIN
            if chunk.isEmpty { return closeOutput() }  // EOF
            let room = ExternalProgramCheck.outputLimit - collected.count
            if room > 0 { collected += chunk.prefix(room) }  // the rest is read and dropped, so the child never blocks
        }
    }

    private func timedOut() {
        killedAtTimeout = true
        killGroup()
        // The verdict comes when the reaper reports the exit.
    }

    private func exited(_ status: TerminationStatus) {
        // What it started and left running goes with it. The group outlives its reaped leader
        // while members remain, and Linux does not hand out a PID still used as a group ID.
        if let pid { _ = Glibc.kill(-pid, SIGKILL) }
        pid = nil
        guard completion.isPending else { return closeOutput() }
        drain()  // what it wrote before exiting; a grandchild holding the pipe must not delay us
        closeOutput()
        if killedAtTimeout {
            return completion.finish(
                .failed(
                    "check program \(check.arguments.first ?? check.command) did not finish within \(NannyStateMachine.seconds(context.timeout)) and was killed"
                ))
        }
        completion.finish(check.verdict(output: collected, status: status))
    }

    private func killGroup() {
        guard let pid else { return }
        // The child leads its own process group (setsid at spawn), and is not reaped yet
        // (pid is cleared on exit), so the group ID cannot have been recycled.
        _ = Glibc.kill(-pid, SIGKILL)
    }

    private func closeOutput() {
        if let watch { context.loop.unwatch(watch) }
        watch = nil
        output?.closeQuietly()
        output = nil
    }
}
