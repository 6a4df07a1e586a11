import CLVSShims
import Glibc
import SystemPackage

/// An open file descriptor: swift-system's, with the few operations the daemons add (reads that
/// say "nothing yet" on a non-blocking descriptor, whole writes, flags, close-on-exec pipes and
/// socket pairs). Every module of the suite reaches it through this name.
public typealias FileDescriptor = SystemPackage.FileDescriptor

// The suite names descriptors in its errors ("read fd 3: ..."); swift-system gives no text.
// swift-format-ignore: AvoidRetroactiveConformances
extension FileDescriptor: @retroactive CustomStringConvertible {
    /// `fd 3`, as error messages name a descriptor.
    public var description: String { "fd \(rawValue)" }
}

extension FileDescriptor {
    /// Closes the descriptor, ignoring errors: `EINTR` is not retried (on Linux the descriptor is
    /// gone either way), and nothing can be done about `EIO` on a socket or pipe being dropped.
    public func closeQuietly() {
        _ = Glibc.close(rawValue)
    }

    /// Reads up to `count` bytes. Returns `nil` when a non-blocking descriptor has nothing
    /// (`EAGAIN`), an empty array at end of file.
    public func read(upTo count: Int) throws(SystemCallError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        let outcome = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(SystemCallError) -> Int? in
                try SystemCall.run("read", on: description, tolerating: [EAGAIN, EWOULDBLOCK]) {
                    Glibc.read(rawValue, raw.baseAddress, count)
                }
            }
        }
        guard let result = try outcome.get() else { return nil }
        buffer.removeSubrange(result...)
        return buffer
    }

    /// Writes as much of `bytes` as the descriptor takes now; returns how many bytes were written
    /// (0 when a non-blocking descriptor is full).
    public func write(_ bytes: some Collection<UInt8>) throws(SystemCallError) -> Int {
        if bytes.isEmpty { return 0 }
        let outcome = Array(bytes).withUnsafeBytes { raw in
            Result { () throws(SystemCallError) -> Int? in
                // write() rather than send(MSG_NOSIGNAL) so pipes work too; the daemons ignore SIGPIPE.
                try SystemCall.run("write", on: description, tolerating: [EAGAIN, EWOULDBLOCK]) {
                    Glibc.write(rawValue, raw.baseAddress, raw.count)
                }
            }
        }
        return try outcome.get() ?? 0
    }

    /// Writes all of `bytes`, waiting (with `poll`) while the descriptor is full.
    public func writeAll(_ bytes: some Collection<UInt8>) throws(SystemCallError) {
        var remaining = Array(bytes)[...]
        while !remaining.isEmpty {
            let written = try write(remaining)
            if written == 0 {
                try waitUntilWritable()
                continue
            }
            remaining = remaining.dropFirst(written)
        }
    }

    private func waitUntilWritable() throws(SystemCallError) {
        var entry = pollfd(fd: rawValue, events: Int16(POLLOUT), revents: 0)
        try SystemCall.run("poll", on: description) { Glibc.poll(&entry, 1, -1) }
    }

    /// Waits until the descriptor is readable (or its other end closed), at most `timeout`;
    /// returns whether it is.
    public func waitUntilReadable(timeout: Duration) throws(SystemCallError) -> Bool {
        var entry = pollfd(fd: rawValue, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = timeout.components
        let milliseconds = CInt(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        return try SystemCall.run("poll", on: description) { Glibc.poll(&entry, 1, milliseconds) } > 0
    }

    /// Waits until one of `events` (`POLLIN`, `POLLOUT`) is ready, or until `deadline`; returns
    /// whether it is ready (false: the deadline passed).
    public func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(SystemCallError) -> Bool {
        while true {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return false }
            var entry = pollfd(fd: rawValue, events: events, revents: 0)
            let milliseconds = Int32(clamping: max(1, remaining.inNanoseconds / 1_000_000))
            if try SystemCall.run("poll", on: description, { Glibc.poll(&entry, 1, milliseconds) }) > 0 { return true }
        }
    }

    /// Sets or clears `O_NONBLOCK`.
    public func setNonBlocking(_ on: Bool = true) throws(SystemCallError) {
        let flags = try SystemCall.run("fcntl(F_GETFL)", on: description) { fcntl(rawValue, F_GETFL) }
        let updated = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        try SystemCall.run("fcntl(F_SETFL)", on: description) { fcntl(rawValue, F_SETFL, updated) }
    }

    /// Sets or clears `FD_CLOEXEC`.
    public func setCloseOnExec(_ on: Bool = true) throws(SystemCallError) {
        let flags = try SystemCall.run("fcntl(F_GETFD)", on: description) { fcntl(rawValue, F_GETFD) }
        let updated = on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC
        try SystemCall.run("fcntl(F_SETFD)", on: description) { fcntl(rawValue, F_SETFD, updated) }
    }

    /// Whether `FD_CLOEXEC` is set.
    public func isCloseOnExec() throws(SystemCallError) -> Bool {
        let flags = try SystemCall.run("fcntl(F_GETFD)", on: description) { fcntl(rawValue, F_GETFD) }
        return flags & FD_CLOEXEC != 0
    }

    /// A pipe whose both ends are close-on-exec (`pipe2(O_CLOEXEC)`), optionally non-blocking.
    public static func makePipe(nonBlocking: Bool = false) throws(SystemCallError) -> (
        read: FileDescriptor, write: FileDescriptor
    ) {
        var fds: [CInt] = [-1, -1]
        try SystemCall.run("pipe2") { lvs_pipe_cloexec(&fds, nonBlocking ? 1 : 0) }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    /// A connected pair of Unix stream sockets, both close-on-exec (`socketpair(SOCK_CLOEXEC)`).
    public static func socketPair(
        type: CInt = CInt(SOCK_STREAM.rawValue)
    ) throws(SystemCallError) -> (FileDescriptor, FileDescriptor) {
        var fds: [CInt] = [-1, -1]
        try SystemCall.run("socketpair") { socketpair(AF_UNIX, type | CInt(SOCK_CLOEXEC.rawValue), 0, &fds) }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    /// Opens the existing file at `path` for writing from its start, close-on-exec (a setting
    /// under `/proc/sys`, which cannot be replaced by a rename).
    public static func openForWriting(_ path: String) throws(SystemCallError) -> FileDescriptor {
        let fd = try SystemCall.run("open", on: path) { Glibc.open(path, O_WRONLY | O_CLOEXEC | O_TRUNC) }
        return FileDescriptor(rawValue: fd)
    }

    /// Opens `/dev/null` read-write, close-on-exec.
    public static func openNull() throws(SystemCallError) -> FileDescriptor {
        let fd = try SystemCall.run("open", on: "/dev/null") { Glibc.open("/dev/null", O_RDWR | O_CLOEXEC) }
        return FileDescriptor(rawValue: fd)
    }
}
