import CLVSShims
import Glibc
import Logging

/// A fork server that could not start a child, and why.
public struct ForkServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let reason: String
    public var description: String { "fork server: \(reason)" }
}

/// The client side of a ``ForkServer``: starts the server program, asks it for children, and
/// adopts them into the ``ChildReaper``, which collects their exits as its own (the client must
/// be a subreaper: ``OrphanSweeper/becomeSubreaper()``).
///
/// The server says when it is ready; the first request waits for that at most ``startTimeout``
/// (a server warming up on a slow machine is not broken), and each request is answered within
/// ``replyTimeout``. Otherwise the server counts as broken: the client stops it and every later
/// request fails at once, so the caller starts children another way.
public final class ForkServerClient {
    /// How long a request may wait for its reply.
    public static let replyTimeout = Duration.seconds(2)
    /// How long the first request may wait for the server to be ready.
    public static let startTimeout = Duration.seconds(10)

    private let socket: FileDescriptor
    private let reaper: ChildReaper
    /// The server's PID.
    public let serverPID: pid_t
    private var nextID: UInt32 = 1
    private var isReady = false
    /// Why the server cannot be used any more, or nil while it can.
    public private(set) var brokenReason: String?

    /// Starts `executable` with `arguments` as the server, its end of the socket as descriptor 3;
    /// `onServerExit` runs when it has ended.
    public init(
        executable: String, arguments: [String], reaper: ChildReaper,
        onServerExit: @escaping (ChildExit) -> Void
    ) throws(SystemCallError) {
        let (ours, theirs) = try FileDescriptor.socketPair(type: lvs_sock_seqpacket)
        defer { theirs.closeQuietly() }
        let spec = ChildProcessSpec(
            executable: executable, arguments: arguments,
            argumentZero: String(executable.split(separator: "/").last ?? Substring(executable)),
            mappedDescriptors: [3: theirs])
        let spawned: SpawnedProcess
        do throws(SystemCallError) {
            spawned = try reaper.spawn(spec, onExit: onServerExit)
        } catch {
            ours.closeQuietly()
            throw error
        }
        serverPID = spawned.pid
        socket = ours
        self.reaper = reaper
    }

    /// Starts a child with `arguments`, inheriting `descriptor`; `onExit` runs once it has ended.
    /// Returns its PID.
    public func spawn(
        _ arguments: [String], passing descriptor: FileDescriptor, command: String,
        onExit: @escaping (ChildExit) -> Void
    ) throws(ForkServerError) -> pid_t {
        if let brokenReason { throw ForkServerError(reason: brokenReason) }
        let id = nextID
        nextID &+= 1
        if !isReady {
            guard try receive(within: Self.startTimeout, waitingFor: "the server to be ready") == .ready else {
                throw breakDown("its first message was not that it is ready")
            }
            isReady = true
        }
        do {
            try socket.sendMessage(ForkServerMessage.spawn(id: id, arguments: arguments).encoded, passing: descriptor)
        } catch {
            throw breakDown("\(error)")
        }
        let reply = try receive(within: Self.replyTimeout, waitingFor: "a reply")
        switch reply {
        case .spawned(id, let pid):
            reaper.adopt(pid, command: command, onExit: onExit)
            return pid
        case .failed(id, let reason):
            throw ForkServerError(reason: reason)
        default:
            throw breakDown("reply \(reply) does not answer request \(id)")
        }
    }

    /// The next message from the server, waiting at most `timeout`.
    private func receive(within timeout: Duration, waitingFor what: String) throws(ForkServerError)
        -> ForkServerMessage
    {
        do {
            guard try socket.waitUntilReadable(timeout: timeout) else {
                throw breakDown("no \(what) within \(timeout)")
            }
            let (bytes, stray) = try socket.receiveMessage(limit: ForkServerMessage.sizeLimit)
            stray?.closeQuietly()
            guard !bytes.isEmpty else { throw breakDown("the server closed its socket") }
            return try ForkServerMessage(decoding: bytes)
        } catch let error as ForkServerError {
            throw error
        } catch {
            throw breakDown("\(error)")
        }
    }

    /// Closes the socket: the server exits when it sees the end.
    public func close() {
        if brokenReason == nil { brokenReason = "closed" }
        socket.closeQuietly()
    }

    private func breakDown(_ reason: String) -> ForkServerError {
        brokenReason = reason
        _ = try? reaper.send(.kill, to: serverPID)
        socket.closeQuietly()
        return ForkServerError(reason: reason)
    }
}
