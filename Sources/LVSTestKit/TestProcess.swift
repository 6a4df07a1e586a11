#if canImport(Glibc)
import Glibc
#endif
import CLVSShims

/// A child process started by a test: spawned without a shell, with an empty signal mask and
/// default signal dispositions (a Swift Testing worker thread has most signals blocked, and a
/// child would inherit that), in its own process group, with stdout and stderr captured to files.
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

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // dup2 onto itself clears close-on-exec in the child only (glibc 2.29 and later).
        for descriptor in passing { posix_spawn_file_actions_adddup2(&actions, descriptor, descriptor) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var env: [String: String] = [:]
        var entry = lvs_environ()
        while let pointer = entry?.pointee {
            let text = String(cString: pointer)
            if let eq = text.firstIndex(of: "=") {
                env[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            entry = entry?.advanced(by: 1)
        }
        for (k, v) in environment { env[k] = v }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            // deinit does not run for a failed init: remove the capture files here.
            unlink(outputPath)
            unlink(errorPath)
            throw LabError("starting \(commandLine): \(String(cString: strerror(rc)))")
        }
        pid = child
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

/// How a process ended.
public enum TestProcessStatus: Equatable, Sendable, CustomStringConvertible {
    /// It called exit with this code.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)

    init(raw: Int32) {
        self = lvs_wifexited(raw) != 0 ? .exited(lvs_wexitstatus(raw)) : .signaled(lvs_wtermsig(raw))
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}

/// The outcome of a finished process.
public struct TestProcessResult: Sendable {
    /// How it ended.
    public let status: TestProcessStatus
    /// Its stdout.
    public let standardOutput: [UInt8]
    /// Its stderr.
    public let standardError: [UInt8]

    /// The exit code, or 128 + signal, like a shell's `$?`.
    public var exitCode: Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    /// stdout as text.
    public var output: String { String(decoding: standardOutput, as: UTF8.self) }
    /// stderr as text.
    public var error: String { String(decoding: standardError, as: UTF8.self) }
}

/// A thread-safe counter for unique names (of labs, scratch files, batches).
public final class SerialCounter: @unchecked Sendable {
    private var value = 0
    private var lock = pthread_mutex_t()
    /// A counter whose first ``next()`` is 1.
    public init() { pthread_mutex_init(&lock, nil) }
    /// The next number.
    public func next() -> Int {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        value += 1
        return value
    }
}
