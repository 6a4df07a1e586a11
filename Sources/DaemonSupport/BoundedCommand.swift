import Glibc

/// Runs a one-shot command to its end within a time limit, feeding it standard input and
/// collecting what it prints (standard output and error together), for tools without an event
/// loop (lvsweb sending lvs.cf to its peer over ssh). The command runs in a process group of its
/// own; at the limit the whole group is killed. The caller ignores SIGPIPE (a command that exits
/// without reading its input must not kill it).
public enum BoundedCommand {
    /// How a run ended.
    public struct Outcome: Sendable, Equatable {
        /// How the command ended; nil when it was killed at the limit.
        public var status: TerminationStatus?
        /// What it printed, cut at ``outputLimit`` bytes.
        public var output: [UInt8]

        /// An outcome.
        public init(status: TerminationStatus?, output: [UInt8]) {
            self.status = status
            self.output = output
        }
    }

    /// The most output kept.
    public static let outputLimit = 64 << 10

    /// Runs `spec` (its standard streams are replaced) with `input` on its standard input.
    public static func run(_ spec: ChildProcessSpec, input: [UInt8], limit: Duration) throws(SystemCallError)
        -> Outcome
    {
        var spec = spec
        spec.standardInput = .pipe
        spec.newProcessGroup = true
        // One pipe for both streams, so the output keeps the order the command wrote it in.
        let (outputRead, outputWrite) = try FileDescriptor.makePipe()
        defer { outputRead.closeQuietly() }
        spec.standardOutput = .descriptor(outputWrite)
        spec.standardError = .descriptor(outputWrite)
        let child: SpawnedProcess
        do {
            child = try ProcessSpawner.spawn(spec)
        } catch {
            outputWrite.closeQuietly()
            throw error
        }
        outputWrite.closeQuietly()
        try outputRead.setNonBlocking()
        let deadline = ContinuousClock.now + limit
        var unsent = input[...]
        var stdin = child.standardInput
        if unsent.isEmpty {
            stdin?.closeQuietly()
            stdin = nil
        }
        var output: [UInt8] = []
        var outputOpen = true
        while outputOpen || stdin != nil {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { break }
            var entries = [pollfd(fd: outputOpen ? outputRead.rawValue : -1, events: Int16(POLLIN), revents: 0)]
            entries.append(pollfd(fd: stdin?.rawValue ?? -1, events: Int16(POLLOUT), revents: 0))
            let milliseconds = Int32(clamping: max(1, remaining.components.seconds * 1000 + 1))
            let ready = poll(&entries, 2, min(milliseconds, 100))
            if ready < 0 && errno != EINTR { break }
            if outputOpen, entries[0].revents != 0 {
                do {
                    if let chunk = try outputRead.read(upTo: 16384) {
                        if chunk.isEmpty {
                            outputOpen = false
                        } else if output.count < outputLimit {
                            output += chunk.prefix(outputLimit - output.count)
                        }
                    }
                } catch {
                    outputOpen = false
                }
            }
            if let descriptor = stdin, entries[1].revents != 0 {
                let written = (try? descriptor.write(unsent)) ?? -1
                if written < 0 || entries[1].revents & Int16(POLLERR | POLLHUP) != 0 {
                    unsent = []
                } else {
                    unsent = unsent.dropFirst(written)
                }
                if unsent.isEmpty {
                    descriptor.closeQuietly()
                    stdin = nil
                }
            }
        }
        stdin?.closeQuietly()
        // Wait for the end within what is left of the limit, then kill the group.
        var status: Int32 = 0
        while true {
            let result = waitpid(child.pid, &status, WNOHANG)
            if result == child.pid { return Outcome(status: TerminationStatus(waitStatus: status), output: output) }
            if result < 0 && errno != EINTR {
                throw SystemCallError(call: "waitpid", object: "PID \(child.pid)", errno: errno)
            }
            if ContinuousClock.now >= deadline { break }
            usleep(10_000)
        }
        kill(-child.pid, SIGKILL)
        while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
        return Outcome(status: nil, output: output)
    }
}
