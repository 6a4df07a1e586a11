import Addressing
import DaemonSupport

/// A UDP server on 127.0.0.1 driven by the test's loop: each datagram gets the replies
/// `respond` makes for it (none, one, or several in a row), sent back to its source.
final class DNSTestServer {
    let socket: Socket
    let port: UInt16
    private(set) var queries: [[UInt8]] = []
    private let loop: EventLoop
    private let respond: ([UInt8]) -> [[UInt8]]
    private var watch: EventLoop.WatchID?

    init(loop: EventLoop, respond: @escaping ([UInt8]) -> [[UInt8]]) throws {
        self.loop = loop
        self.respond = respond
        let any = SocketAddress(address: IPAddress("127.0.0.1")!, port: 0)
        socket = try Socket(for: any, .datagram, nonBlocking: true)
        try socket.bind(to: any)
        port = try socket.localAddress()?.port ?? 0
        watch = loop.watch(socket.descriptor, for: .readable) { [unowned self] _ in receive() }
    }

    /// A loopback UDP port nothing listens on: bound, then closed.
    static func closedPort() throws -> UInt16 { try closedPort(.datagram) }

    /// A loopback TCP port nothing listens on: bound, then closed.
    static func closedStreamPort() throws -> UInt16 { try closedPort(.stream) }

    private static func closedPort(_ kind: Socket.Kind) throws -> UInt16 {
        let any = SocketAddress(address: IPAddress("127.0.0.1")!, port: 0)
        let socket = try Socket(for: any, kind)
        defer { socket.closeQuietly() }
        try socket.bind(to: any)
        return try socket.localAddress()?.port ?? 0
    }

    func stop() {
        if let watch { loop.unwatch(watch) }
        watch = nil
        socket.closeQuietly()
    }

    private func receive() {
        guard let (bytes, source) = try? socket.receive(upTo: 4096), let source else { return }
        queries.append(bytes)
        for reply in respond(bytes) { _ = try? socket.send(reply, to: source) }
    }
}
