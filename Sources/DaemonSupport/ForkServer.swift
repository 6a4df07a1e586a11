import CLVSShims
import Glibc

/// The serving side of a fork server (a "zygote"): a process that has loaded and warmed up
/// everything its children need, and starts each child as a copy of itself.
///
/// Children forked from one warmed-up process share its pages until they write them: the
/// relocated libraries, the language runtime's caches, OpenSSL's initialised tables. Each child
/// started this way costs a fraction of the memory of one started with `exec`.
///
/// Every request is served with two forks. The middle process sends back the grandchild's PID
/// and exits at once, so the grandchild is re-parented to the nearest subreaper: the client,
/// which must be one (``OrphanSweeper/becomeSubreaper()``), collects its exit status like that
/// of any child (``ChildReaper/adopt(_:command:onExit:)``). The server must have one thread.
public enum ForkServer {
    /// Tells the client it is ready, then serves requests on `socket` until the client closes its
    /// end, and returns.
    ///
    /// `prepare` runs in the server with each request's arguments before it forks, for what the
    /// child will need and its siblings can share. `child` runs in each grandchild with the
    /// request's arguments and the descriptor that came with it, once the client is its parent;
    /// it must end the process (never return). The server's socket is closed there first.
    public static func serve(
        _ socket: FileDescriptor, prepare: ([String]) -> Void = { _ in },
        child: ([String], FileDescriptor) -> Never
    ) throws(SystemCallError) {
        try socket.sendMessage(ForkServerMessage.ready.encoded)
        while true {
            let (bytes, passed) = try socket.receiveMessage(limit: ForkServerMessage.sizeLimit)
            if bytes.isEmpty && passed == nil { return }
            let request: ForkServerMessage
            do {
                request = try ForkServerMessage(decoding: bytes)
            } catch {
                passed?.closeQuietly()
                try socket.sendMessage(ForkServerMessage.failed(id: 0, reason: "\(error)").encoded)
                continue
            }
            guard case .spawn(let id, let arguments) = request, let passed else {
                passed?.closeQuietly()
                try socket.sendMessage(
                    ForkServerMessage.failed(id: 0, reason: "expected a spawn request with a descriptor").encoded)
                continue
            }
            prepare(arguments)
            let middle = lvs_fork()
            if middle == 0 {
                let middlePID = getpid()
                let pid = lvs_fork()
                if pid == 0 {
                    socket.closeQuietly()
                    waitUntilAdopted(from: middlePID)
                    child(arguments, passed)
                }
                let reply: ForkServerMessage =
                    pid > 0
                    ? .spawned(id: id, pid: pid)
                    : .failed(id: id, reason: "fork: \(SystemCallError.describe(errno: Glibc.errno))")
                try? socket.sendMessage(reply.encoded)
                lvs_exit_immediately(pid > 0 ? 0 : 1)
            }
            let forkError = Glibc.errno
            passed.closeQuietly()
            guard middle > 0 else {
                let reason = "fork: \(SystemCallError.describe(errno: forkError))"
                try socket.sendMessage(ForkServerMessage.failed(id: id, reason: reason).encoded)
                continue
            }
            var status: Int32 = 0
            _ = try SystemCall.run("waitpid", on: "PID \(middle)") { waitpid(middle, &status, 0) }
        }
    }

    /// In a grandchild: waits (at most 2 s) until the middle process has exited and the client
    /// is the parent, so that what the child does about its parent (`PR_SET_PDEATHSIG`, which
    /// would fire when the middle process exits) concerns the client.
    private static func waitUntilAdopted(from middle: pid_t) {
        for _ in 0..<2_000 where getppid() == middle {
            usleep(1_000)
        }
    }

    /// In a child, before it runs: makes `descriptor` the child's descriptor `number` and closes
    /// every other descriptor above standard error (the server's copies of what it held).
    public static func keepOnly(_ descriptor: FileDescriptor, as number: CInt) throws(SystemCallError) {
        if descriptor.rawValue != number {
            try SystemCall.run("dup2", on: "descriptor \(descriptor.rawValue)") { dup2(descriptor.rawValue, number) }
        }
        try SystemCall.run("close_range", on: "descriptors from \(number + 1)") { lvs_close_from(number + 1) }
        if number > 3 {
            for other in 3..<number { _ = close(other) }
        }
    }

    /// In a child: shows `arguments` as the process's command line in `ps` instead of the
    /// server's, over the memory that held the server's arguments and environment (as
    /// setproctitle does; a long command line is cut to fit).
    public static func showCommandLine(_ arguments: [String]) throws(SystemCallError) {
        try SystemCall.run("setting the process title") { lvs_set_process_title(arguments.joined(separator: " ")) }
    }
}
