import CLVSShims
import DaemonSupport
import Glibc
import Logging

/// One client of a ``ControlServer``: reads request lines, answers each, enforces the deadline
/// and the buffer bounds.
final class ControlConnection {
    private let socket: FileDescriptor
    private let peer: ControlPeer
    private unowned let server: ControlServer
    private var framer: LineFramer
    private var output: [UInt8] = []
    private var watch: EventLoop.WatchID?
    private var deadline: EventLoop.TimerID?
    private var closeWhenFlushed = false
    private var refusing = false
    private var closed = false
    /// When the client last completed a request (or connected).
    private(set) var lastProgress: ContinuousClock.Instant
    /// A request handed to the server whose answer has not come yet.
    private var awaitingReply = false
    /// Requests that arrived meanwhile (answered in order).
    private var queued: [[UInt8]] = []
    /// Requests a client may send ahead of its answers.
    private static let maximumQueued = 16

    init(socket: FileDescriptor, peer: ControlPeer, server: ControlServer) {
        self.socket = socket
        self.peer = peer
        self.server = server
        framer = LineFramer(maximumLineLength: server.configuration.maximumRequestLength)
        lastProgress = server.loop.now
    }

    /// Whether a response is still being prepared or on its way out.
    var isAnswering: Bool { awaitingReply || !output.isEmpty }

    private var loop: EventLoop { server.loop }

    /// The connection's descriptor number (its key in the server).
    var descriptor: CInt { socket.rawValue }

    func start() {
        watch = loop.watch(socket, for: .readable) { [unowned self] readiness in ready(readiness) }
        armDeadline()
    }

    /// Answers every request with `line`'s refusal and closes: the line is sent at once and the
    /// sending side shut down, then input is read and dropped until the client closes or the
    /// deadline passes, so a client that writes its request before reading still gets the reason.
    func refuse(_ line: [UInt8]) {
        refusing = true
        closeWhenFlushed = true
        output = line
        flush()
        if closed { return }
        shutdown(socket.rawValue, Int32(SHUT_WR))
        watch = loop.watch(socket, for: .readable) { [unowned self] readiness in ready(readiness) }
        armDeadline()
    }

    func close() {
        guard !closed else { return }
        closed = true
        if let watch { loop.unwatch(watch) }
        if let deadline { loop.cancel(deadline) }
        watch = nil
        deadline = nil
        socket.closeQuietly()
    }

    private func finish() {
        let descriptor = socket.rawValue
        close()
        server.connectionClosed(descriptor)
    }

    private func armDeadline() {
        if let deadline { loop.cancel(deadline) }
        deadline = loop.schedule(after: server.configuration.requestTimeout) { [unowned self] in
            deadline = nil
            server.logger.debug("control client \(peer) timed out; closing")
            finish()
        }
    }

    private func ready(_ readiness: EventLoop.Readiness) {
        if readiness.contains(.writable) { flush() }
        if closed { return }
        if readiness.contains(.readable) || readiness.contains(.hangup) || readiness.contains(.error) { receive() }
    }

    private func receive() {
        if refusing {
            // Drop whatever the refused client sends; its end of file ends the connection.
            guard let bytes = try? socket.read(upTo: 4096) else { return }
            if bytes.isEmpty { finish() }
            return
        }
        guard !closeWhenFlushed else {
            // Ignore further input once closing; just drain it.
            _ = try? socket.read(upTo: 4096)
            return
        }
        let bytes: [UInt8]
        do {
            guard let read = try socket.read(upTo: 4096) else { return }
            bytes = read
        } catch {
            return finish()
        }
        if bytes.isEmpty {
            // The client is done sending; answer what is queued, then close.
            closeWhenFlushed = true
            return flush()
        }
        for item in framer.feed(bytes) {
            switch item {
            case .line(let line):
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
                guard queued.count < Self.maximumQueued else {
                    server.logger.warning(
                        "control client \(peer) sent more than \(Self.maximumQueued) requests ahead of their answers; closing"
                    )
                    return finish()
                }
                queued.append(line)
            case .overflow:
                output +=
                    ControlResponse<NoResult>.failure(
                        "request longer than \(server.configuration.maximumRequestLength) bytes"
                    ).line
                closeWhenFlushed = true
            }
        }
        if output.count > server.configuration.maximumPendingOutput {
            server.logger.warning("control client \(peer) is not reading its responses; closing")
            return finish()
        }
        answerNext()
        if !closed { flush() }
    }

    /// Hands the next queued request to the server, unless one is being answered.
    private func answerNext() {
        while !awaitingReply, !closed, !queued.isEmpty {
            let line = queued.removeFirst()
            awaitingReply = true
            server.handler(peer, line) { [weak self] reply in self?.replied(reply) }
        }
    }

    private func replied(_ reply: [UInt8]) {
        guard !closed, awaitingReply else { return }
        awaitingReply = false
        output += reply
        lastProgress = loop.now
        armDeadline()
        answerNext()
        if !closed { flush() }
    }

    private func flush() {
        while !output.isEmpty {
            let sent = output.withUnsafeBytes {
                Glibc.send(socket.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if sent < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { break }
                return finish()
            }
            output.removeFirst(sent)
        }
        if output.isEmpty && closeWhenFlushed && !refusing && !awaitingReply && queued.isEmpty { return finish() }
        if let watch { loop.update(watch, interest: output.isEmpty ? .readable : [.readable, .writable]) }
    }
}
