import Addressing
import DaemonSupport

/// An SMTP server on 127.0.0.1 driven by the test's loop, playing a scripted conversation.
final class SMTPTestServer {
    enum Behaviour {
        /// Greets with `greeting` (its parts written 20 ms apart), answers EHLO with `ehlo` and
        /// QUIT with `quit`; a nil answer closes the connection instead.
        case conversation(greeting: [String], ehlo: String?, quit: String?)
        /// Accepts and says nothing.
        case silent
    }

    let port: UInt16
    /// The command lines received, without line ends.
    private(set) var commands: [String] = []
    private let listener: Socket
    private let loop: EventLoop
    private let behaviour: Behaviour
    private var watches: [EventLoop.WatchID] = []
    private var connections: [Socket] = []

    init(loop: EventLoop, _ behaviour: Behaviour) throws {
        self.loop = loop
        self.behaviour = behaviour
        let any = SocketAddress(address: IPAddress("127.0.0.1")!, port: 0)
        listener = try Socket(for: any, .stream, nonBlocking: true)
        try listener.bind(to: any)
        try listener.listen(backlog: 8)
        port = try listener.localAddress()?.port ?? 0
        watches.append(loop.watch(listener.descriptor, for: .readable) { [unowned self] _ in acceptAll() })
    }

    func stop() {
        for watch in watches { loop.unwatch(watch) }
        watches = []
        listener.closeQuietly()
        for connection in connections { connection.closeQuietly() }
        connections = []
    }

    private func acceptAll() {
        for _ in 0..<8 {
            guard let connection = try? listener.accept() else { return }
            connections.append(connection)
            serve(connection)
        }
    }

    private func serve(_ connection: Socket) {
        guard case .conversation(let greeting, let ehlo, let quit) = behaviour else { return }
        for (index, part) in greeting.enumerated() {
            loop.schedule(after: .milliseconds(20) * index) {
                _ = try? connection.descriptor.write(Array(part.utf8))
            }
        }
        var pending: [UInt8] = []
        var watch: EventLoop.WatchID?
        watch = loop.watch(connection.descriptor, for: .readable) { [unowned self] _ in
            guard let chunk = try? connection.descriptor.read(upTo: 1024) else { return }
            if chunk.isEmpty { return close(connection, watch) }
            pending += chunk
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self).trimmingSuffix("\r")
                pending.removeFirst(newline + 1)
                commands.append(line)
                let answer = line.hasPrefix("EHLO ") ? ehlo : line == "QUIT" ? quit : "500 unknown command\r\n"
                guard let answer else { return close(connection, watch) }
                _ = try? connection.descriptor.write(Array(answer.utf8))
                if line == "QUIT" { return close(connection, watch) }
            }
        }
        if let watch { watches.append(watch) }
    }

    private func close(_ connection: Socket, _ watch: EventLoop.WatchID?) {
        if let watch { loop.unwatch(watch) }
        watches.removeAll { $0 == watch }
        connections.removeAll { $0 == connection }
        connection.closeQuietly()
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
