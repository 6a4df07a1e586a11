#if canImport(Glibc)
import Glibc
#endif
import Addressing
import DaemonSupport
import LVSTestKit

/// A long-lived TCP connection from a lab host to an echo service: each ``exchange(_:timeout:)``
/// sends a line and waits until the same line comes back. A failover that loses the connection
/// shows as a reset, an end of stream or a timeout.
public final class EchoConnection {
    /// `address:port`, for messages.
    public let target: String
    /// The client side's port (how the directors' connection tables name it).
    public let localPort: UInt16
    private var descriptor: Int32
    private var pending: [UInt8] = []

    /// Connects from `client`'s namespace to `address:port` within `timeout`.
    public init(from client: LabClient, to address: String, port: UInt16, timeout: Duration = .seconds(5)) throws {
        target = "\(address):\(port)"
        guard let ip = IPv4Address(address) else {
            throw LabError("connecting to \(address):\(port): not an IPv4 address")
        }
        let destination = SocketAddress(address: .v4(ip), port: port)
        let socket: Socket
        do {
            socket = try inside(client.namespace) { try Socket(for: destination, .stream, nonBlocking: true) }
        } catch let error as SystemCallError {
            throw LabError("connecting to \(address):\(port) from \(client.host): socket: \(error.reason)")
        }
        let fd = socket.descriptor.rawValue
        descriptor = fd
        let connected: Bool
        do {
            connected = try socket.connect(to: destination)
        } catch {
            socket.closeQuietly()
            throw LabError("connecting to \(target) from \(client.host): \(error.reason)")
        }
        if !connected {
            do {
                try Self.wait(
                    fd, target: "\(address):\(port)", for: Int16(POLLOUT), until: .now + timeout, doing: "connecting")
            } catch {
                Glibc.close(fd)
                throw error
            }
            let error = socket.pendingError()
            guard error == 0 else {
                Glibc.close(fd)
                throw LabError("connecting to \(target) from \(client.host): \(LabError.errnoText(error))")
            }
        }
        localPort = (try? socket.localAddress())??.port ?? 0
    }

    deinit { close() }

    /// Sends `line` and waits until it comes back; returns how long that took.
    @discardableResult
    public func exchange(_ line: String, timeout: Duration) throws -> Duration {
        guard descriptor >= 0 else { throw LabError("echo over \(target): the connection is closed") }
        let started = ContinuousClock.now
        let deadline = started + timeout
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EAGAIN || errno == EINTR {
                try Self.wait(
                    descriptor, target: target, for: Int16(POLLOUT), until: deadline, doing: "sending \"\(line)\"")
            } else {
                throw LabError("echo over \(target): sending \"\(line)\": \(LabError.errnoText())")
            }
        }
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let echoed = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                guard echoed == line else {
                    throw LabError("echo over \(target): sent \"\(line)\", got back \"\(echoed)\"")
                }
                return ContinuousClock.now - started
            }
            try Self.wait(
                descriptor, target: target, for: Int16(POLLIN), until: deadline,
                doing: "waiting for \"\(line)\" to come back")
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                pending += buffer[0..<count]
            } else if count == 0 {
                throw LabError(
                    "echo over \(target): the connection was closed by the other side while waiting for \"\(line)\"")
            } else if errno != EAGAIN && errno != EINTR {
                throw LabError("echo over \(target): waiting for \"\(line)\": \(LabError.errnoText())")
            }
        }
    }

    /// Closes the connection. Idempotent.
    public func close() {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
    }

    private static func wait(
        _ descriptor: Int32, target: String, for events: Int16, until deadline: ContinuousClock.Instant,
        doing what: String
    ) throws {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                throw LabError("echo over \(target): \(what): nothing within the time allowed")
            }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(clamping: remaining.milliseconds + 1))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw LabError("echo over \(target): \(what): poll: \(LabError.errnoText())")
            }
        }
    }
}
