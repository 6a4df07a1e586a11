#if canImport(Glibc)
import Glibc
#endif
import Addressing
import DaemonSupport
import LVSTestKit

/// One HTTP GET from a lab host to an address, driven without blocking, so one thread can keep
/// many in flight (the availability probe) or wait for one (``LabClient``).
///
/// The socket is opened inside the host's network namespace and lives there; the exchange is
/// `connect`, one request, read until the server closes, parse.
final class HTTPExchange {
    /// How the exchange ended.
    enum Outcome {
        /// The server answered.
        case answered(HTTPAnswer)
        /// No answer: why.
        case failed(String)
    }

    /// `address:port`, for messages.
    let target: String
    /// When it started.
    let started: ContinuousClock.Instant
    /// When it gives up.
    let deadline: ContinuousClock.Instant
    /// Its outcome, once finished.
    private(set) var outcome: Outcome?
    /// When it finished.
    private(set) var finished: ContinuousClock.Instant?

    private var descriptor: Int32
    private var connected = false
    private var received: [UInt8] = []
    private let request: [UInt8]

    /// Opens a socket in `namespace` and starts connecting to `address:port`.
    init(from namespace: NetworkNamespace, to address: String, port: UInt16, timeout: Duration) throws {
        target = "\(address):\(port)"
        started = .now
        deadline = started + timeout
        request = Array("GET / HTTP/1.0\r\nHost: \(address)\r\nUser-Agent: lvslab\r\n\r\n".utf8)
        guard let ip = IPv4Address(address) else { throw LabError("HTTP request to \(address): not an IPv4 address") }
        let destination = SocketAddress(address: .v4(ip), port: port)
        let socket: Socket
        do {
            socket = try inside(namespace) { try Socket(for: destination, .stream, nonBlocking: true) }
        } catch let error as SystemCallError {
            throw LabError("HTTP request to \(target): socket: \(error.reason)")
        }
        descriptor = socket.descriptor.rawValue
        do {
            if try socket.connect(to: destination) {
                connected = true
                send()
            }
        } catch {
            finish(.failed("connect: \(error.reason)"))
        }
    }

    deinit { closeSocket() }

    /// The descriptor and the events to poll for; nil once finished.
    var pollEntry: pollfd? {
        guard outcome == nil else { return nil }
        return pollfd(fd: descriptor, events: Int16(connected ? POLLIN : POLLOUT), revents: 0)
    }

    /// Advances after `poll` reported `events` (or a timeout: pass 0).
    func advance(_ events: Int16) {
        guard outcome == nil else { return }
        if events != 0 {
            if !connected {
                let error = Socket(descriptor: FileDescriptor(rawValue: descriptor)).pendingError()
                if error != 0 {
                    finish(.failed("connect: \(LabError.errnoText(error))"))
                    return
                }
                connected = true
                send()
            } else {
                receive()
            }
        }
        if outcome == nil, ContinuousClock.now >= deadline {
            finish(
                .failed(
                    connected
                        ? "no complete answer within \(deadline - started)"
                        : "no connection within \(deadline - started)"))
        }
    }

    private func send() {
        let written = request.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        if written != request.count {
            finish(.failed("sending the request: \(written < 0 ? LabError.errnoText() : "short write")"))
        }
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                received += buffer[0..<count]
                continue
            }
            if count == 0 {
                do {
                    finish(.answered(try HTTPAnswer(parsing: received)))
                } catch {
                    finish(.failed(error.description))
                }
            } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                finish(.failed("reading the answer: \(LabError.errnoText())"))
            }
            return
        }
    }

    private func finish(_ outcome: Outcome) {
        self.outcome = outcome
        finished = .now
        closeSocket()
    }

    private func closeSocket() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }
}
