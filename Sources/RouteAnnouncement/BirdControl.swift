import Control
import DaemonSupport

#if canImport(Glibc)
import Glibc
#endif

/// A client of BIRD's control socket (what `birdc -s PATH` talks to): one connection per
/// command, bounded in time.
public struct BirdControl: Sendable {
    /// The socket, `/run/bird/bird.ctl` for Debian's bird2.
    public var path: String
    /// How long a command may take, from connecting to the end of the answer.
    public var timeout: Duration

    /// Debian's bird2 control socket.
    public static let defaultPath = "/run/bird/bird.ctl"

    public init(path: String = BirdControl.defaultPath, timeout: Duration = .seconds(10)) {
        self.path = path
        self.timeout = timeout
    }

    /// Runs `command` (`configure`, `show protocols` …) and returns BIRD's answer; an answer with
    /// error lines throws ``BirdControlError/refused(command:reply:)``.
    public func run(_ command: String) throws(BirdControlError) -> BirdReply {
        let deadline = ContinuousClock.now + timeout
        let socket: Socket
        do { socket = try Socket(family: AF_UNIX, .stream, nonBlocking: true) } catch { throw .system(error) }
        defer { socket.closeQuietly() }
        let connected: Bool
        do { connected = try socket.connect(toPath: path) } catch { throw .connecting(path: path, errno: error.errno) }
        if !connected {
            try wait(socket.descriptor, for: Int16(POLLOUT), until: deadline)
            let error = socket.pendingError()
            if error != 0 { throw .connecting(path: path, errno: error) }
        }
        var reader = Reader()
        // BIRD greets every connection ("0001 BIRD 2.0.12 ready.") before it reads a command.
        _ = try reader.reply(from: socket.descriptor, path: path, until: deadline, waiting: wait)
        var unsent = Array((command + "\n").utf8)[...]
        while !unsent.isEmpty {
            let sent: Int?
            do { sent = try socket.send(unsent) } catch { throw .system(error) }
            guard let sent else {
                try wait(socket.descriptor, for: Int16(POLLOUT), until: deadline)
                continue
            }
            unsent = unsent.dropFirst(sent)
        }
        let reply = try reader.reply(from: socket.descriptor, path: path, until: deadline, waiting: wait)
        if reply.isError { throw .refused(command: command, reply: reply.errorText) }
        return reply
    }

    private func wait(_ descriptor: FileDescriptor, for events: Int16, until deadline: ContinuousClock.Instant)
        throws(BirdControlError)
    {
        let ready: Bool
        do { ready = try descriptor.wait(for: events, until: deadline) } catch {
            throw .system(SystemCallError(call: "poll", object: path, errno: error.errno))
        }
        if !ready { throw .timedOut(path: path, after: timeout) }
    }

    /// Reads lines off the socket (Control's ``LineFramer``) into replies.
    private struct Reader {
        var framer = LineFramer(maximumLineLength: 1 << 20)
        var lines: [String] = []
        var replies = BirdReplyReader()

        mutating func reply(
            from descriptor: FileDescriptor, path: String, until deadline: ContinuousClock.Instant,
            waiting wait: (FileDescriptor, Int16, ContinuousClock.Instant) throws(BirdControlError) -> Void
        ) throws(BirdControlError) -> BirdReply {
            while true {
                while !lines.isEmpty {
                    if let reply = try replies.take(lines.removeFirst()) { return reply }
                }
                let chunk: [UInt8]?
                do { chunk = try descriptor.read(upTo: 65536) } catch { throw .system(error) }
                guard let chunk else {
                    try wait(descriptor, Int16(POLLIN), deadline)
                    continue
                }
                if chunk.isEmpty { throw .closed(path: path) }
                for output in framer.feed(chunk) {
                    guard case .line(let line) = output else { throw .badReply("a line longer than 1 MiB") }
                    lines.append(String(decoding: line, as: UTF8.self))
                }
            }
        }
    }
}
