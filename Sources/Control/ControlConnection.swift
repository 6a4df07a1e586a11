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
    private var closed = false

    init(socket: FileDescriptor, peer: ControlPeer, server: ControlServer) {
        self.socket = socket
        self.peer = peer
        self.server = server
        framer = LineFramer(maximumLineLength: server.configuration.maximumRequestLength)
    }

    private var loop: EventLoop { server.loop }

    func start() {
        watch = loop.watch(socket, for: .readable) { [unowned self] readiness in ready(readiness) }
        armDeadline()
    }

    /// Sends one line and closes (a refused client). Best effort: a single non-blocking send.
    func refuse(_ line: [UInt8]) {
        _ = line.withUnsafeBytes { send(socket.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        socket.close()
        closed = true
    }

    func close() {
        guard !closed else { return }
        closed = true
        if let watch { loop.unwatch(watch) }
        if let deadline { loop.cancel(deadline) }
        watch = nil
        deadline = nil
        socket.close()
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
                output += server.handler(peer, line)
                armDeadline()
            case .overflow:
                output += ControlResponse<NoResult>.failure(
                    "request longer than \(server.configuration.maximumRequestLength) bytes").line
                closeWhenFlushed = true
            }
        }
        if output.count > server.configuration.maximumPendingOutput {
            server.logger.warning("control client \(peer) is not reading its responses; closing")
            return finish()
        }
        flush()
    }

    private func flush() {
        while !output.isEmpty {
            let sent = output.withUnsafeBytes { send(socket.rawValue, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if sent < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { break }
                return finish()
            }
            output.removeFirst(sent)
        }
        if output.isEmpty && closeWhenFlushed { return finish() }
        if let watch { loop.update(watch, interest: output.isEmpty ? .readable : [.readable, .writable]) }
    }
}
