#if canImport(Glibc)
import Glibc
#endif
import CLVSShims
import DaemonSupport

/// A child process started by a test, through DaemonSupport's ``ProcessSpawner``: without a shell,
/// with an empty signal mask and default signal dispositions (a Swift Testing worker thread has
/// most signals blocked, and a child would inherit that), in its own process group, with no
/// descriptor of this process but the ones passed, stdout and stderr captured to files.
///
/// Tests own the processes they start: ``terminate(timeout:)`` or ``kill()`` stop them by PID, and
/// `deinit` kills a process group that is still running so that a failed test leaves nothing behind.
public final class TestProcess: @unchecked Sendable {
    /// The process ID.
    public let pid: pid_t
    /// The command line, for messages.
    public let commandLine: String
    private let outputPath: String
    private let errorPath: String
    private var status: TestProcessStatus?

    /// Starts `executable` (a path, or a name looked up in `PATH`) with `arguments`.
    ///
    /// - Parameters:
    ///   - environment: variables added to (or replacing those in) the current environment.
    ///   - standardInput: bytes written to the child's stdin (from a temporary file); empty means /dev/null.
    ///   - passing: descriptors of this process the child gets under the same numbers. Create them
    ///     close-on-exec: tests run side by side, and a descriptor without it leaks into every
    ///     child spawned meanwhile (a pipe then never sees its end-of-file).
    public init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        standardInput: [UInt8] = [], passing: [Int32] = []
    ) throws {
        commandLine = ([executable] + arguments).joined(separator: " ")
        let base = "/tmp/lvstest-\(getpid())-\(TestProcess.nextSerial())"
        outputPath = base + ".out"
        errorPath = base + ".err"
        let inputPath = base + ".in"
        try TestProcess.write(standardInput, to: inputPath)
        defer { unlink(inputPath) }

        // Opened close-on-exec here, given to the child as its 0, 1 and 2, closed again: a
        // child another test spawns meanwhile inherits none of them.
        var streams: [FileDescriptor] = []
        defer { for stream in streams { stream.closeQuietly() } }
        do throws(SystemCallError) {
            for (path, flags) in [
                (inputPath, O_RDONLY), (outputPath, O_WRONLY | O_CREAT | O_TRUNC),
                (errorPath, O_WRONLY | O_CREAT | O_TRUNC),
            ] {
                let raw = try SystemCall.run("open", on: path) { open(path, flags | O_CLOEXEC, 0o600) }
                streams.append(FileDescriptor(rawValue: raw))
            }
            let spec = ChildProcessSpec(
                executable: executable, arguments: arguments, environment: TestProcess.environment(adding: environment),
                standardInput: .descriptor(streams[0]), standardOutput: .descriptor(streams[1]),
                standardError: .descriptor(streams[2]),
                mappedDescriptors: Dictionary(
                    passing.map { ($0, FileDescriptor(rawValue: $0)) }, uniquingKeysWith: { a, _ in a }),
                // kill(-pid) then reaches whatever the command started, too.
                newProcessGroup: true)
            pid = try ProcessSpawner.spawn(spec).pid
        } catch {
            // deinit does not run for a failed init: remove the capture files here.
            unlink(outputPath)
            unlink(errorPath)
            throw LabError("starting \(commandLine): \(error.call == "spawning" ? error.reason : error.description)")
        }
    }

    deinit {
        if status == nil {
            Glibc.kill(-pid, SIGKILL)
            var raw: Int32 = 0
            _ = waitpid(pid, &raw, 0)
        }
        unlink(outputPath)
        unlink(errorPath)
    }

    /// Runs a command to completion (or until `timeout`, when it is killed) and returns its result.
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        standardInput: [UInt8] = [], timeout: Duration = .seconds(60)
    ) throws -> TestProcessResult {
        let process = try TestProcess(executable, arguments, environment: environment, standardInput: standardInput)
        return try process.wait(timeout: timeout)
    }

    /// Whether the process has not been reaped yet.
    public var isRunning: Bool {
        if status != nil { return false }
        var raw: Int32 = 0
        let rc = waitpid(pid, &raw, WNOHANG)
        if rc == pid {
            status = TestProcessStatus(raw: raw)
            return false
        }
        return true
    }

    /// Waits for the process to exit; kills its process group and throws if it outlives `timeout`.
    @discardableResult
    public func wait(timeout: Duration = .seconds(60)) throws -> TestProcessResult {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            if ContinuousClock.now >= deadline {
                Glibc.kill(-pid, SIGKILL)
                var raw: Int32 = 0
                _ = waitpid(pid, &raw, 0)
                status = TestProcessStatus(raw: raw)
                throw LabError(
                    "\(commandLine) did not finish within \(timeout); killed. stderr: \(standardErrorText)")
            }
            usleep(2_000)
        }
        return TestProcessResult(status: status!, standardOutput: standardOutput, standardError: standardError)
    }

    /// Sends `signal` to the process.
    public func signal(_ signal: Int32) {
        if status == nil { Glibc.kill(pid, signal) }
    }

    /// Sends SIGTERM, waits up to `timeout`, then kills the process group.
    @discardableResult
    public func terminate(timeout: Duration = .seconds(5)) -> TestProcessResult? {
        signal(SIGTERM)
        return try? wait(timeout: timeout)
    }

    /// Kills the whole process group at once.
    public func kill() {
        guard status == nil else { return }
        Glibc.kill(-pid, SIGKILL)
        _ = try? wait(timeout: .seconds(5))
    }

    /// Everything written to stdout so far.
    public var standardOutput: [UInt8] { TestProcess.read(outputPath) }
    /// Everything written to stderr so far.
    public var standardError: [UInt8] { TestProcess.read(errorPath) }
    /// stdout so far, as text.
    public var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }
    /// stderr so far, as text.
    public var standardErrorText: String { String(decoding: standardError, as: UTF8.self) }

    /// The current environment with `additions` added or replaced; nil (inherit it as it is)
    /// when there are none.
    private static func environment(adding additions: [String: String]) -> [String]? {
        guard !additions.isEmpty else { return nil }
        var variables: [String: String] = [:]
        var entry = lvs_environ()
        while let pointer = entry?.pointee {
            let text = String(cString: pointer)
            if let eq = text.firstIndex(of: "=") {
                variables[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            entry = entry?.advanced(by: 1)
        }
        for (name, value) in additions { variables[name] = value }
        return variables.map { "\($0.key)=\($0.value)" }
    }

    private static func read(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw LabError("creating \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw LabError("writing \(path): \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    private static let serial = SerialCounter()
    private static func nextSerial() -> Int { serial.next() }
}
