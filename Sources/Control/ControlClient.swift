import CLVSShims
import DaemonSupport
import Glibc

/// `lvsctl`'s side of a control socket: connect, send one request line, read one response
/// line, all within ``timeout``. Errors say what is wrong in the admin's terms
/// (`lvsd is not running (no socket at /run/lvsd/lvsd.sock)`).
public struct ControlClient: Sendable {
    /// The socket's path.
    public var path: String
    /// The daemon's name, for messages.
    public var daemon: String
    /// The limit for the whole exchange.
    public var timeout: Duration

    /// lvsd's socket path.
    public static let lvsdPath = "/run/lvsd/lvsd.sock"
    /// pulse's socket path.
    public static let pulsePath = "/run/pulse/pulse.sock"

    /// A client for `daemon` at `path`.
    public init(path: String, daemon: String, timeout: Duration = .seconds(5)) {
        self.path = path
        self.daemon = daemon
        self.timeout = timeout
    }

    /// Sends `request` (one line, newline included) and returns the response line without its
    /// newline.
    public func exchange(_ request: [UInt8]) throws(ControlClientError) -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        let socket: Socket
        do {
            socket = try Socket(family: AF_UNIX, .stream, nonBlocking: true)
        } catch {
            throw .system(error)
        }
        let descriptor = socket.descriptor
        defer { socket.closeQuietly() }

        let connected: Bool
        do {
            // A Unix stream connect only waits when the listen queue is full.
            connected = try socket.connect(toPath: path)
        } catch {
            throw ControlClientError.connecting(daemon: daemon, path: path, errno: error.errno)
        }
        if !connected {
            try wait(descriptor, for: Int16(POLLOUT), until: deadline)
            let error = socket.pendingError()
            if error != 0 { throw ControlClientError.connecting(daemon: daemon, path: path, errno: error) }
        }

        var unsent = request[...]
        sending: while !unsent.isEmpty {
            let sent: Int?
            do {
                sent = try socket.send(unsent)
            } catch {
                // The daemon may have answered and closed (a refusal): read its answer.
                if error.errno == EPIPE || error.errno == ECONNRESET { break sending }
                throw .system(SystemCallError(call: "send", object: path, errno: error.errno))
            }
            guard let sent else {
                try wait(descriptor, for: Int16(POLLOUT), until: deadline)
                continue
            }
            unsent = unsent.dropFirst(sent)
        }

        var framer = LineFramer(maximumLineLength: 64 << 20)
        while true {
            let chunk: [UInt8]?
            do { chunk = try descriptor.read(upTo: 65536) } catch {
                if error.errno == ECONNRESET { throw .closed(daemon: daemon, path: path) }
                throw .system(error)
            }
            guard let chunk else {
                try wait(descriptor, for: Int16(POLLIN), until: deadline)
                continue
            }
            if chunk.isEmpty { throw .closed(daemon: daemon, path: path) }
            for item in framer.feed(chunk) {
                if case .line(let line) = item { return line }
                throw .badResponse("response longer than 64 MiB")
            }
        }
    }

    /// Sends `request` and decodes the response; a refusal (`"ok":false`) throws
    /// ``ControlClientError/refused(daemon:reason:)`` with the daemon's reason.
    /// When the daemon says it is busy (every connection in use), the request is tried again
    /// every 50 ms within ``timeout``.
    public func send<Result>(_ request: [UInt8], expecting: Result.Type) throws(ControlClientError) -> ControlResponse<
        Result
    > {
        let deadline = ContinuousClock.now + timeout
        while true {
            let response = try ControlResponse<Result>(line: try exchange(request))
            if response.ok { return response }
            let reason = response.error ?? "request failed"
            if reason.hasSuffix(ControlServer.busy), deadline - ContinuousClock.now > .milliseconds(100) {
                usleep(50_000)
                continue
            }
            throw .refused(daemon: daemon, reason: reason)
        }
    }

    private func wait(_ descriptor: FileDescriptor, for events: Int16, until deadline: ContinuousClock.Instant)
        throws(ControlClientError)
    {
        let ready: Bool
        do { ready = try descriptor.wait(for: events, until: deadline) } catch {
            throw .system(SystemCallError(call: "poll", object: path, errno: error.errno))
        }
        if !ready { throw .timedOut(daemon: daemon, path: path, after: timeout) }
    }
}

extension ControlClient {
    /// A client for lvsd at its standard path.
    public static func lvsd(timeout: Duration = .seconds(5)) -> ControlClient {
        ControlClient(path: lvsdPath, daemon: "lvsd", timeout: timeout)
    }

    /// A client for pulse at its standard path.
    public static func pulse(timeout: Duration = .seconds(5)) -> ControlClient {
        ControlClient(path: pulsePath, daemon: "pulse", timeout: timeout)
    }

    /// Sends an lvsd request.
    public func send(_ request: LVSDRequest) throws(ControlClientError) -> ControlResponse<LVSDStatus> {
        try send(request.line, expecting: LVSDStatus.self)
    }

    /// Sends a pulse request.
    public func send(_ request: PulseRequest) throws(ControlClientError) -> ControlResponse<PulseStatus> {
        try send(request.line, expecting: PulseStatus.self)
    }
}
