import DaemonSupport
import Glibc
import HealthCheck

/// Runs `loop` until `condition` holds or `timeout` passes; returns whether it holds.
@discardableResult
func run(_ loop: EventLoop, until condition: () -> Bool, timeout: Duration = .seconds(5)) -> Bool {
    let deadline = loop.now + timeout
    let wake = loop.schedule(at: deadline) {}
    while !condition() && loop.now < deadline {
        _ = try? loop.runOnce()
    }
    loop.cancel(wake)
    return condition()
}

/// Runs `loop` for `duration`.
func run(_ loop: EventLoop, for duration: Duration) {
    let deadline = loop.now + duration
    run(loop, until: { loop.now >= deadline }, timeout: duration + .milliseconds(1))
}

/// A loopback port nothing listens on: bound, then closed.
func unusedPort(type: Int32 = Int32(Glibc.SOCK_STREAM.rawValue)) -> UInt16 {
    let fd = socket(AF_INET, type, 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            _ = bind(fd, pointer, length)
            _ = getsockname(fd, pointer, &length)
        }
    }
    return UInt16(bigEndian: address.sin_port)
}

/// Binds a non-blocking socket on 127.0.0.1:`port` (0 = any free port); returns it and its port.
func bindLoopback(type: Int32, port: UInt16) throws -> (FileDescriptor, UInt16) {
    let fd = socket(AF_INET, type | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw SystemCallError(call: "socket", errno: errno) }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
            if bind(fd, pointer, length) != 0 { return -1 }
            return getsockname(fd, pointer, &length)
        }
    }
    guard bound == 0 else {
        let code = errno
        close(fd)
        throw SystemCallError(call: "bind", object: "127.0.0.1:\(port)", errno: code)
    }
    return (FileDescriptor(rawValue: fd), UInt16(bigEndian: address.sin_port))
}

/// A TCP server on 127.0.0.1 driven by the test's event loop, with a scripted behaviour.
final class LoopbackTCPServer {
    enum Behaviour {
        /// Write these bytes at once, then close.
        case reply([UInt8])
        /// Wait, then write and close.
        case replyAfter(Duration, [UInt8])
        /// Write the parts with a gap between them, then close.
        case replyInParts([[UInt8]], gap: Duration)
        /// Read a line, answer with `prefix` + the line, then close.
        case echoLine(prefix: [UInt8])
        /// Accept and say nothing (a hung server).
        case silent
        /// Accept and close at once.
        case closeImmediately
        /// Reply with the next of these for each connection, in a cycle, then close.
        case cycle([[UInt8]])
    }

    let loop: EventLoop
    let listener: FileDescriptor
    let port: UInt16
    var behaviour: Behaviour
    private(set) var accepted = 0
    private var watch: EventLoop.WatchID?
    private var connections: [CInt: (FileDescriptor, EventLoop.WatchID?)] = [:]

    init(loop: EventLoop, port: UInt16 = 0, behaviour: Behaviour) throws {
        self.loop = loop
        self.behaviour = behaviour
        (listener, self.port) = try bindLoopback(type: Int32(Glibc.SOCK_STREAM.rawValue), port: port)
        guard Glibc.listen(listener.rawValue, 64) == 0 else { throw SystemCallError(call: "listen", errno: errno) }
        watch = loop.watch(listener, for: .readable) { [unowned self] _ in acceptAll() }
    }

    /// Stops listening and drops every connection (the "server died" case).
    func stop() {
        if let watch { loop.unwatch(watch) }
        watch = nil
        listener.closeQuietly()
        for (descriptor, connectionWatch) in connections.values {
            if let connectionWatch { loop.unwatch(connectionWatch) }
            descriptor.closeQuietly()
        }
        connections = [:]
    }

    private func acceptAll() {
        while true {
            let fd = accept(listener.rawValue, nil, nil)
            guard fd >= 0 else { return }
            accepted += 1
            let connection = FileDescriptor(rawValue: fd)
            try? connection.setNonBlocking()
            connections[fd] = (connection, nil)
            serve(connection)
        }
    }

    private func serve(_ connection: FileDescriptor) {
        switch behaviour {
        case .reply(let bytes):
            _ = try? connection.write(bytes)
            finish(connection)
        case .replyAfter(let delay, let bytes):
            loop.schedule(after: delay) { [weak self] in
                guard let self, connections[connection.rawValue] != nil else { return }
                _ = try? connection.write(bytes)
                finish(connection)
            }
        case .replyInParts(let parts, let gap):
            for (index, part) in parts.enumerated() {
                loop.schedule(after: gap * index) { [weak self] in
                    guard let self, connections[connection.rawValue] != nil else { return }
                    _ = try? connection.write(part)
                    if index == parts.count - 1 { finish(connection) }
                }
            }
        case .echoLine(let prefix):
            var line: [UInt8] = []
            let watch = loop.watch(connection, for: .readable) { [weak self] _ in
                guard let self else { return }
                guard let chunk = try? connection.read(upTo: 1024) else { return }
                if chunk.isEmpty { return finish(connection) }
                line += chunk
                if let newline = line.firstIndex(of: UInt8(ascii: "\n")) {
                    _ = try? connection.write(prefix + line[...newline])
                    finish(connection)
                }
            }
            connections[connection.rawValue]?.1 = watch
        case .silent:
            break
        case .closeImmediately:
            finish(connection)
        case .cycle(let replies):
            _ = try? connection.write(replies[(accepted - 1) % replies.count])
            finish(connection)
        }
    }

    /// Closes the way a real server does: send FIN, then drain the client's request until it
    /// closes. Closing with the request unread would make the kernel answer with a reset, and the
    /// client could see "connection reset" instead of the reply under test.
    private func finish(_ connection: FileDescriptor) {
        if let watch = connections[connection.rawValue]?.1 { loop.unwatch(watch) }
        Glibc.shutdown(connection.rawValue, Int32(SHUT_WR))
        let drain = loop.watch(connection, for: .readable) { [weak self] _ in
            guard let self else { return }
            do {
                // nil: nothing to read yet; empty: the client closed.
                if let chunk = try connection.read(upTo: 4096), chunk.isEmpty { close(connection) }
            } catch {
                close(connection)
            }
        }
        connections[connection.rawValue]?.1 = drain
    }

    private func close(_ connection: FileDescriptor) {
        if let watch = connections[connection.rawValue]?.1 { loop.unwatch(watch) }
        connections[connection.rawValue] = nil
        connection.closeQuietly()
    }
}

/// A UDP server on 127.0.0.1 that answers each datagram via `answer` (nil = no answer).
final class LoopbackUDPServer {
    let socket: FileDescriptor
    let port: UInt16
    var answer: ([UInt8]) -> [UInt8]?
    private(set) var received: [[UInt8]] = []
    private let loop: EventLoop
    private var watch: EventLoop.WatchID?

    init(loop: EventLoop, answer: @escaping ([UInt8]) -> [UInt8]?) throws {
        self.loop = loop
        self.answer = answer
        (socket, port) = try bindLoopback(type: Int32(SOCK_DGRAM.rawValue), port: 0)
        watch = loop.watch(socket, for: .readable) { [unowned self] _ in receive() }
    }

    func stop() {
        if let watch { loop.unwatch(watch) }
        watch = nil
        socket.closeQuietly()
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 2048)
        var peer = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = withUnsafeMutablePointer(to: &peer) { peerPointer in
            peerPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                buffer.withUnsafeMutableBytes {
                    recvfrom(socket.rawValue, $0.baseAddress, $0.count, 0, address, &length)
                }
            }
        }
        guard count >= 0 else { return }
        let datagram = Array(buffer[..<count])
        received.append(datagram)
        guard let reply = answer(datagram) else { return }
        _ = withUnsafePointer(to: &peer) { peerPointer in
            peerPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                reply.withUnsafeBytes { sendto(socket.rawValue, $0.baseAddress, $0.count, 0, address, length) }
            }
        }
    }
}
