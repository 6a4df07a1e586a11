import DaemonSupport
import Glibc
import Testing

/// Daemonizing needs a single-threaded process, so it runs in `lvs-daemon-probe` (built next to
/// the test bundle), which this suite starts and stops by PID.
@Suite(.serialized) struct DaemonizerTests {
    func probeExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = String(decoding: buffer[..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let probe = RuntimeDirectory.parentPath(of: path) + "/lvs-daemon-probe"
        guard access(probe, X_OK) == 0 else {
            throw SystemCallError(
                call: "finding lvs-daemon-probe (run swift build --build-tests)", object: probe, errno: errno)
        }
        return probe
    }

    /// Runs the probe in the foreground (it returns once the daemon reports): (status, stdout,
    /// stderr). A launcher still waiting after 20 s is killed with its daemon, and shows as killed.
    func runProbe(_ pidfile: String, _ extra: [String] = []) throws -> (TerminationStatus, String, String) {
        let child = try ProcessSpawner.spawn(
            ChildProcessSpec(
                executable: try probeExecutable(), arguments: [pidfile] + extra, standardOutput: .pipe,
                standardError: .pipe))
        defer {
            child.standardOutput?.closeQuietly()
            child.standardError?.closeQuietly()
        }
        var status: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while waitpid(child.pid, &status, WNOHANG) == 0 {
            if ContinuousClock.now > deadline {
                // Ours: the launcher we started and the daemon it started (its only child).
                for daemon in childPIDs(of: child.pid) { kill(daemon, SIGKILL) }
                kill(child.pid, SIGKILL)
                while waitpid(child.pid, &status, 0) == -1 && errno == EINTR {}
                break
            }
            usleep(10_000)
        }
        let output = readAll(child.standardOutput!, timeout: 1000)
        let error = readAll(child.standardError!, timeout: 1000)
        return (
            TerminationStatus(waitStatus: status), String(decoding: output, as: UTF8.self),
            String(decoding: error, as: UTF8.self)
        )
    }

    /// The processes whose parent is `parent` (from /proc/PID/stat).
    func childPIDs(of parent: pid_t) -> [pid_t] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var children: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let pid = pid_t(name), statField(pid, 2) == "\(parent)" { children.append(pid) }
        }
        return children
    }

    func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Field `index` of /proc/PID/stat counted after the command name: 1 state, 2 ppid, 3 pgrp,
    /// 4 session, 5 tty_nr.
    func statField(_ pid: pid_t, _ index: Int) -> String? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY)
        guard fd >= 0 else { return nil }
        let descriptor = FileDescriptor(rawValue: fd)
        defer { descriptor.closeQuietly() }
        let text = String(decoding: (try? descriptor.read(upTo: 4096)) ?? [], as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return index - 1 < fields.count ? String(fields[index - 1]) : nil
    }

    @Test func daemonDetachesWritesItsPidfileAndRefusesASecondCopy() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let pidfile = "\(directory.path)/probe.pid"
        let (status, output, error) = try runProbe(pidfile)
        #expect(status == .exited(0), "stderr: \(error)")
        let pid = try #require(pid_t(output.split(separator: "\n").first ?? ""))
        var stopped = false
        defer {
            // Ours: started above, stopped by its PID.
            if !stopped { kill(pid, SIGTERM) }
        }

        var contents = ""
        let fd = open(pidfile, O_RDONLY)
        if fd >= 0 {
            contents = String(decoding: (try? FileDescriptor(rawValue: fd).read(upTo: 32)) ?? [], as: UTF8.self)
            close(fd)
        }
        #expect(contents == "\(pid)\n")
        // Detached: its own session and process group, no terminal, standard streams on /dev/null, cwd /.
        #expect(statField(pid, 3) == "\(pid)", "process group")
        #expect(statField(pid, 4) == "\(pid)", "session")
        #expect(statField(pid, 5) == "0", "controlling terminal")
        for stream in 0...2 { #expect(link("/proc/\(pid)/fd/\(stream)") == "/dev/null") }
        #expect(link("/proc/\(pid)/cwd") == "/")
        #expect(Pidfile.processName(pid) == "lvs-daemon-prob", "comm is cut to 15 characters")

        let (second, _, secondError) = try runProbe(pidfile)
        #expect(second == .exited(1))
        #expect(
            secondError == "lvs-daemon-probe: lvs-daemon-probe is already running (PID \(pid), pidfile \(pidfile))\n")

        kill(pid, SIGTERM)
        stopped = true
        var gone = false
        for _ in 0..<300 {
            if access(pidfile, F_OK) != 0 && (kill(pid, 0) != 0 || statField(pid, 1) == "Z") { gone = true; break }
            usleep(10_000)
        }
        #expect(gone, "the daemon should remove its pidfile and exit on SIGTERM")
    }

    @Test func aDaemonThatCannotStartMakesTheParentFailWithTheReason() throws {
        let (status, output, error) = try runProbe("/nonexistent-dir/probe.pid")
        #expect(status == .exited(1))
        #expect(output.isEmpty)
        #expect(error == "lvs-daemon-probe: pidfile: open /nonexistent-dir/probe.pid: No such file or directory\n")
    }

    /// A daemon's threads may wait for each other in the Swift runtime. The daemon is a new
    /// program, not a fork: a forked child keeps its parent's thread ID in the runtime's lock
    /// words, and froze (both threads spinning) the first time a second thread waited for a
    /// `static let` the main thread was making. The probe does exactly that before it reports.
    @Test func theDaemonsThreadsCanWaitForEachOtherInTheSwiftRuntime() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let pidfile = "\(directory.path)/probe.pid"
        let (status, output, error) = try runProbe(pidfile, ["--contend"])
        #expect(status == .exited(0), "stderr: \(error)")
        let pid = try #require(pid_t(output.split(separator: "\n").first ?? ""))
        kill(pid, SIGTERM)
        #expect(Pidfile.processName(pid) == "lvs-daemon-prob", "started by its own name, not as /proc/self/exe")
    }

    @Test func aReportDescriptorThatIsNoPipeIsRefused() throws {
        // A program started with the variable set by hand (here naming its standard input).
        let probe = try probeExecutable()
        let child = try ProcessSpawner.spawn(
            ChildProcessSpec(
                executable: probe, arguments: ["/nonexistent-dir/probe.pid"],
                environment: ["\(Daemonizer.reportVariable)=0"], standardError: .pipe))
        defer { child.standardError?.closeQuietly() }
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) == -1 && errno == EINTR {}
        let error = String(decoding: readAll(child.standardError!, timeout: 1000), as: UTF8.self)
        #expect(TerminationStatus(waitStatus: status) == .exited(1))
        #expect(error == "lvs-daemon-probe: daemonizing: \(Daemonizer.reportVariable)=0 is not an open pipe\n")
    }
}
