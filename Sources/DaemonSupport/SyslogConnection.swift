import CLVSShims
import Glibc
import Synchronization

/// The datagram socket to the syslog daemon (`/dev/log`), shared by every copy of a
/// ``SyslogLogHandler``.
///
/// It connects lazily and reconnects when the syslog daemon restarts. A send never blocks the
/// caller for long: a full socket is waited on for at most ``sendTimeout``, then the message is
/// dropped and counted (a daemon running 50 ms heartbeats must not stall on logging). After such
/// a drop, messages for the next second do not wait at all: a syslog daemon that stopped reading
/// costs at most one wait a second, however much is logged. Without a listening socket, messages
/// are dropped and counted, as glibc does.
public final class SyslogConnection: Sendable {
    /// Where the syslog daemon listens (default `/dev/log`).
    public let path: String
    /// How long a send may wait for room in a full socket.
    public let sendTimeout: Duration

    private struct State {
        var descriptor: CInt = -1
        var stream = false
        var dropped = 0
        /// Until when a full socket is not waited on (after a drop).
        var noWaitUntil: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// A connection to `path`.
    public init(path: String = "/dev/log", sendTimeout: Duration = .milliseconds(20)) {
        self.path = path
        self.sendTimeout = sendTimeout
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { _ = Glibc.close(state.descriptor) }
        }
    }

    /// How many messages were dropped (no syslog daemon, or its socket stayed full).
    public var droppedMessages: Int { state.withLock { $0.dropped } }

    /// Sends one message; drops it (and counts) when it cannot be delivered promptly.
    public func send(_ message: [UInt8]) {
        state.withLock { state in
            for _ in 0..<2 {
                if state.descriptor < 0 && !connect(&state) { break }
                switch transmit(message, &state) {
                case .sent:
                    return
                case .dropped:
                    state.dropped += 1
                    return
                case .reconnect:
                    _ = Glibc.close(state.descriptor)
                    state.descriptor = -1
                }
            }
            state.dropped += 1
        }
    }

    private enum Outcome { case sent, dropped, reconnect }

    private func transmit(_ message: [UInt8], _ state: inout State) -> Outcome {
        // Stream sockets (old syslog-ng) need a terminator; glibc sends the NUL.
        let payload = state.stream ? message + [0] : message
        for _ in 0..<2 {
            let sent = payload.withUnsafeBytes {
                Glibc.send(state.descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            }
            if sent >= 0 { return .sent }
            switch errno {
            case EINTR:
                continue
            case EAGAIN:
                let now = ContinuousClock.now
                if let until = state.noWaitUntil, now < until { return .dropped }
                var entry = pollfd(fd: state.descriptor, events: Int16(POLLOUT), revents: 0)
                let milliseconds = Int32(clamping: sendTimeout.inNanoseconds / 1_000_000)
                if Glibc.poll(&entry, 1, milliseconds) <= 0 {
                    state.noWaitUntil = now + .seconds(1)
                    return .dropped
                }
            case ECONNREFUSED, ENOTCONN, EPIPE, ECONNRESET, EDESTADDRREQ, ENOENT:
                return .reconnect
            default:
                return .dropped
            }
        }
        return .dropped
    }

    private func connect(_ state: inout State) -> Bool {
        // syslogd listens on a datagram socket; some (journald's, rsyslog's imuxsock in stream
        // mode) on a stream one: EPROTOTYPE says which.
        for kind in [Socket.Kind.datagram, .stream] {
            guard let socket = try? Socket(family: AF_UNIX, kind) else { return false }
            do {
                guard try socket.connect(toPath: path) else {
                    socket.closeQuietly()
                    return false
                }
                state.descriptor = socket.descriptor.rawValue
                state.stream = kind == .stream
                return true
            } catch {
                socket.closeQuietly()
                if error.errno != EPROTOTYPE { return false }
            }
        }
        return false
    }
}
