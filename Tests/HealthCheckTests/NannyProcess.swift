import CLVSShims
import DaemonSupport
import Glibc
import HealthCheck
import Logging

/// The built `nanny` binary, next to the test bundle.
func nannyExecutable() throws -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { throw SystemCallError(call: "readlink", object: "/proc/self/exe", errno: errno) }
    let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let executable = RuntimeDirectory.parentPath(of: path) + "/nanny"
    guard access(executable, X_OK) == 0 else {
        throw SystemCallError(
            call: "finding the nanny binary (run swift build --build-tests)", object: executable, errno: errno)
    }
    return executable
}

/// A nanny process run the way lvsd runs it: a socketpair end as fd 3 (`--report-fd 3`), its
/// syslog going to a datagram socket the test reads. Everything is driven by the test's loop.
final class NannyProcess {
    let harness: CheckHarness
    let pid: pid_t
    private(set) var reports: [(at: ContinuousClock.Instant, report: NannyReport)] = []
    private(set) var decodeErrors: [String] = []
    private(set) var syslogLines: [String] = []
    private let exitBox = ExitBox()
    private var reportSocket: FileDescriptor?
    private var reportWatch: EventLoop.WatchID?
    private var syslogWatch: EventLoop.WatchID?
    private var decoder = NannyReportDecoder()
    private let syslog: FileDescriptor
    private let syslogPath: String

    /// Starts nanny with `arguments`; with a `launcher` (such as `ip netns exec NAME`), through it.
    init(_ harness: CheckHarness, arguments: [String], launcher: [String] = []) throws {
        self.harness = harness
        syslogPath = "/tmp/lvs-nanny-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        let fd = socket(
            AF_UNIX, Int32(Glibc.SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0, lvs_unix_bind(fd, syslogPath) == 0 else {
            throw SystemCallError(call: "bind", object: syslogPath, errno: errno)
        }
        syslog = FileDescriptor(rawValue: fd)

        let (ours, theirs) = try FileDescriptor.socketPair()
        try ours.setNonBlocking()
        let exitBox = self.exitBox
        let nannyArguments = arguments + ["--report-fd", "3", "--log-socket", syslogPath]
        let nanny = try nannyExecutable()
        let spawned = try harness.reaper.spawn(
            ChildProcessSpec(
                executable: launcher.first ?? (try nannyExecutable()),
                arguments: (launcher.isEmpty ? [] : Array(launcher.dropFirst()) + [try nannyExecutable()]) + arguments
                    + ["--report-fd", "3", "--log-socket", syslogPath],
                standardError: .null,
                mappedDescriptors: [3: theirs])
        ) { exitBox.status = $0.status }
        theirs.closeQuietly()
        pid = spawned.pid
        reportSocket = ours

        syslogWatch = harness.loop.watch(syslog, for: .readable) { [unowned self] _ in
            while let datagram = try? syslog.read(upTo: 8192), !datagram.isEmpty {
                syslogLines.append(String(decoding: datagram, as: UTF8.self))
            }
        }
        reportWatch = harness.loop.watch(ours, for: .readable) { [unowned self] _ in
            guard let bytes = try? ours.read(upTo: 4096) else { return }
            if bytes.isEmpty { return closeReportSocket() }
            for result in decoder.feed(bytes) {
                switch result {
                case .success(let report): reports.append((harness.loop.now, report))
                case .failure(let error): decodeErrors.append(error.description)
                }
            }
        }
    }

    private final class ExitBox { var status: TerminationStatus? }

    /// The exit status, once collected.
    var exitStatus: TerminationStatus? { exitBox.status }

    var reportList: [NannyReport] { reports.map(\.report) }

    /// Runs the loop until a report matching `predicate` arrives after index `after`; returns its index.
    @discardableResult
    func waitForReport(after index: Int = 0, timeout: Duration = .seconds(8), where predicate: (NannyReport) -> Bool)
        -> Int?
    {
        var found: Int?
        run(
            harness.loop,
            until: {
                found = reports.indices.first { $0 >= index && predicate(reports[$0].report) }
                return found != nil
            }, timeout: timeout)
        return found
    }

    /// Runs the loop until a syslog line contains `text`.
    @discardableResult
    func waitForLog(containing text: String, timeout: Duration = .seconds(8)) -> String? {
        run(harness.loop, until: { syslogLines.contains { $0.contains(text) } }, timeout: timeout)
        return syslogLines.first { $0.contains(text) }
    }

    func send(_ signal: Signal) {
        _ = try? harness.reaper.send(signal, to: pid)
    }

    /// lvsd going away: close our end of the report socket.
    func closeReportSocket() {
        if let reportWatch { harness.loop.unwatch(reportWatch) }
        reportWatch = nil
        reportSocket?.closeQuietly()
        reportSocket = nil
    }

    /// Waits for the process to exit on its own.
    @discardableResult
    func waitForExit(timeout: Duration = .seconds(5)) -> TerminationStatus? {
        run(harness.loop, until: { exitStatus != nil }, timeout: timeout)
        return exitStatus
    }

    /// Stops it (SIGTERM, then SIGKILL) and cleans up: call in a defer.
    func stop() {
        if exitStatus == nil {
            send(.terminate)
            if waitForExit(timeout: .seconds(3)) == nil {
                send(.kill)
                waitForExit(timeout: .seconds(3))
            }
        }
        closeReportSocket()
        if let syslogWatch { harness.loop.unwatch(syslogWatch) }
        syslog.closeQuietly()
        unlink(syslogPath)
    }

    /// The PIDs whose parent is this nanny, with their state letter from /proc/PID/stat.
    func children() -> [(pid: pid_t, state: Character)] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var found: [(pid_t, Character)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let candidate = pid_t(name), let stat = try? readFile("/proc/\(candidate)/stat") else { continue }
            let text = String(decoding: stat, as: UTF8.self)
            // "pid (comm) S ppid ...": parse after the last ')'.
            guard let close = text.lastIndex(of: ")") else { continue }
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let parent = pid_t(fields[1]), parent == pid, let state = fields[0].first else {
                continue
            }
            found.append((candidate, state))
        }
        return found
    }
}
