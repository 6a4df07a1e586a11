import CLVSShims
import DaemonSupport
import Glibc
import Logging

/// A daemon's control socket (`/run/lvsd/lvsd.sock`, `/run/pulse/pulse.sock`) on its
/// ``EventLoop``: a Unix stream socket, mode 0600 in a 0700 directory, one JSON request and one
/// JSON response per line.
///
/// Every connection's `SO_PEERCRED` is checked: only ``Configuration/allowedUIDs`` (root) may
/// talk; anyone else gets one error line and is disconnected. All I/O is non-blocking and every
/// connection has a deadline and bounded buffers, so a slow, silent or greedy client cannot
/// hold up the daemon. A leftover socket file is removed only when nothing answers on it.
public final class ControlServer {
    /// Turns a request line (no newline) from `peer` into a response line (with newline).
    public typealias LineHandler = (ControlPeer, [UInt8]) -> [UInt8]
    /// Like ``LineHandler``, for answers that take a while (a reload read off the loop): the
    /// response line goes to `reply`, on the loop, at once or later. A connection's further
    /// requests wait for it, so answers keep their order.
    public typealias DeferredLineHandler = (ControlPeer, [UInt8], _ reply: @escaping ([UInt8]) -> Void) -> Void

    /// The server's settings.
    public struct Configuration: Sendable {
        /// The socket's path.
        public var path: String
        /// The daemon's name, for messages (`lvsd`).
        public var daemon: String
        /// User IDs allowed to send requests (default: root only).
        public var allowedUIDs: Set<uid_t>
        /// Mode of the socket's directory (0700).
        public var directoryMode: mode_t
        /// Mode of the socket (0600).
        public var socketMode: mode_t
        /// Longest request line.
        public var maximumRequestLength: Int
        /// How long a connection may take to deliver each request (and to read its response).
        public var requestTimeout: Duration
        /// Connections served at once. When all are taken, the one idle longest (no request
        /// completed for ``idleGrace``: connected and silent, or trickling a request) is closed to
        /// make room; only when none is idle is the newcomer told to retry.
        public var maximumConnections: Int
        /// How long a connection may go without completing a request before a newcomer may take
        /// its place.
        public var idleGrace: Duration
        /// Response bytes kept for a client that does not read.
        public var maximumPendingOutput: Int

        /// Settings for `daemon` at `path`, with the defaults above.
        public init(
            path: String, daemon: String, allowedUIDs: Set<uid_t> = [0], directoryMode: mode_t = 0o700,
            socketMode: mode_t = 0o600, maximumRequestLength: Int = 65536, requestTimeout: Duration = .seconds(5),
            maximumConnections: Int = 16, maximumPendingOutput: Int = 1 << 20, idleGrace: Duration = .milliseconds(250)
        ) {
            self.path = path
            self.daemon = daemon
            self.allowedUIDs = allowedUIDs
            self.directoryMode = directoryMode
            self.socketMode = socketMode
            self.maximumRequestLength = maximumRequestLength
            self.requestTimeout = requestTimeout
            self.maximumConnections = maximumConnections
            self.maximumPendingOutput = maximumPendingOutput
            self.idleGrace = idleGrace
        }
    }

    /// The settings in force.
    public let configuration: Configuration
    let loop: EventLoop
    let logger: Logger
    let handler: DeferredLineHandler
    private var listener: FileDescriptor?
    private var listenerWatch: EventLoop.WatchID?
    private var connections: [CInt: ControlConnection] = [:]
    // Refused clients wait here briefly to read their refusal; bounded separately.
    private var refused: [CInt: ControlConnection] = [:]
    private var lastBusyLog: ContinuousClock.Instant?
    private var refusedSinceLog = 0

    /// Creates the directory and socket and starts accepting on `loop`.
    public convenience init(
        _ configuration: Configuration, loop: EventLoop, logger: Logger, handler: @escaping LineHandler
    ) throws(ControlServerError) {
        try self.init(
            configuration, loop: loop, logger: logger,
            deferredHandler: { peer, line, reply in reply(handler(peer, line)) })
    }

    /// Creates the directory and socket and starts accepting on `loop`; answers may come later.
    public init(
        _ configuration: Configuration, loop: EventLoop, logger: Logger, deferredHandler: @escaping DeferredLineHandler
    ) throws(ControlServerError) {
        self.configuration = configuration
        self.loop = loop
        self.logger = logger
        self.handler = deferredHandler
        let path = configuration.path
        do {
            try RuntimeDirectory.prepare(RuntimeDirectory.parentPath(of: path), mode: configuration.directoryMode)
        } catch {
            throw .system(error)
        }
        try Self.removeStaleSocket(at: path, daemon: configuration.daemon)
        let listener = try Self.listen(at: path, mode: configuration.socketMode)
        self.listener = listener
        listenerWatch = loop.watch(listener, for: .readable) { [unowned self] _ in acceptAll() }
        logger.debug("control socket ready", metadata: ["path": "\(path)"])
    }

    /// Connections open now.
    public var connectionCount: Int { connections.count }

    /// Stops accepting, drops every connection and removes the socket file.
    public func close() {
        guard let listener else { return }
        if let listenerWatch { loop.unwatch(listenerWatch) }
        listenerWatch = nil
        for connection in connections.values { connection.close() }
        for connection in refused.values { connection.close() }
        connections = [:]
        refused = [:]
        listener.closeQuietly()
        self.listener = nil
        unlink(configuration.path)
    }

    func connectionClosed(_ descriptor: CInt) {
        connections[descriptor] = nil
        refused[descriptor] = nil
    }

    private func acceptAll() {
        guard let listener else { return }
        // Bounded per turn so a connection storm cannot starve the loop.
        for _ in 0..<64 {
            do {
                guard let accepted = try Socket(descriptor: listener).accept() else { return }
                admit(accepted.descriptor)
            } catch {
                // EMFILE and friends: log and back off until the next readiness.
                logger.warning("accepting a control connection on \(configuration.path) failed: \(error.reason)")
                return
            }
        }
    }

    private func admit(_ socket: FileDescriptor) {
        let peer: ControlPeer
        do {
            peer = try ControlPeer.of(socket)
        } catch {
            logger.warning("control connection without credentials: \(error)")
            socket.closeQuietly()
            return
        }
        let connection = ControlConnection(socket: socket, peer: peer, server: self)
        guard configuration.allowedUIDs.contains(peer.uid) else {
            logger.warning("refused control connection from \(peer): not root")
            turnAway(
                connection,
                ControlResponse<NoResult>.failure(
                    "permission denied: \(configuration.daemon)'s control socket is for root only (you are uid \(peer.uid))"
                ).line)
            return
        }
        if connections.count >= configuration.maximumConnections, !evictIdlest() {
            refusedSinceLog += 1
            // A storm of connections must not become a storm of log lines: once per 10 s.
            if lastBusyLog.map({ loop.now - $0 >= .seconds(10) }) ?? true {
                logger.warning(
                    "refused \(refusedSinceLog) control connection\(refusedSinceLog == 1 ? "" : "s") (the last from \(peer)): \(connections.count) connections open, all busy"
                )
                lastBusyLog = loop.now
                refusedSinceLog = 0
            }
            turnAway(connection, ControlResponse<NoResult>.failure("\(configuration.daemon) \(Self.busy)").line)
            return
        }
        connections[socket.rawValue] = connection
        connection.start()
    }

    /// The end of the refusal a client gets when every connection is busy; ``ControlClient``
    /// retries on it.
    public static let busy = "is busy (too many control connections); try again"

    /// Closes the connection idle longest, if one has been idle for ``Configuration/idleGrace``:
    /// idle or trickling clients (2,000 of them, say) cannot lock an admin out.
    private func evictIdlest() -> Bool {
        let now = loop.now
        guard
            let (descriptor, idlest) = connections.filter({ !$0.value.isAnswering }).min(by: {
                $0.value.lastProgress < $1.value.lastProgress
            }),
            now - idlest.lastProgress >= configuration.idleGrace
        else { return false }
        logger.debug("closing an idle control connection to make room")
        idlest.close()
        connections[descriptor] = nil
        return true
    }

    private func turnAway(_ connection: ControlConnection, _ line: [UInt8]) {
        guard refused.count < configuration.maximumConnections * 4 else { return connection.close() }
        refused[connection.descriptor] = connection
        connection.refuse(line)
    }

    private static func removeStaleSocket(at path: String, daemon: String) throws(ControlServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(path: path) }
        let probe: Socket
        do {
            probe = try Socket(family: AF_UNIX, .stream)
        } catch {
            throw .system(error)
        }
        defer { probe.closeQuietly() }
        do {
            // Connected, or waiting in a full listen queue: a daemon serves there.
            _ = try probe.connect(toPath: path)
        } catch {
            // ECONNREFUSED: a socket file with no listener behind it. Anything else: leave it be.
            guard error.errno == ECONNREFUSED else {
                throw .system(SystemCallError(call: "probing old socket", object: path, errno: error.errno))
            }
            try removeSocketFile(at: path)
            return
        }
        throw .alreadyServing(daemon: daemon, path: path)
    }

    private static func removeSocketFile(at path: String) throws(ControlServerError) {
        if unlink(path) != 0 && errno != ENOENT {
            throw .system(SystemCallError(call: "removing stale socket", object: path, errno: errno))
        }
    }

    private static func listen(at path: String, mode: mode_t) throws(ControlServerError) -> FileDescriptor {
        let socket: Socket
        do {
            socket = try Socket(family: AF_UNIX, .stream, nonBlocking: true)
        } catch {
            throw .system(error)
        }
        let descriptor = socket.descriptor
        let fd = descriptor.rawValue
        do throws(SystemCallError) {
            // No window where the socket is wider open than asked. On Linux the file bind creates
            // takes the socket's own mode (less the umask), so set that first: changing the umask
            // instead would be process-wide, and another thread creating a file meanwhile (a
            // check script, say) would lose its execute bits.
            try SystemCall.run("fchmod", on: path) { fchmod(fd, mode) }
            try socket.bind(toPath: path)
            try SystemCall.run("chmod", on: path) { chmod(path, mode) }
            try socket.listen(backlog: 16, naming: path)
        } catch {
            descriptor.closeQuietly()
            throw .system(error)
        }
        return descriptor
    }
}
