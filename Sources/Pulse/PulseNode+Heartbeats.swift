import Addressing
import Heartbeat

extension PulseNode {
    /// `.sendHeartbeat`: one datagram per path, from that path's socket to the peer's address.
    func sendHeartbeat(_ state: HeartbeatState, table: TableReadiness) {
        guard var sender, let peer = settings.peer else { return }
        let datagrams = sender.datagrams(announcing: state, table: table, echo: receiver?.echo ?? .none, at: Self.wallClock())
        self.sender = sender
        for datagram in datagrams {
            guard let socket = sockets[datagram.path] ?? sockets[.public],
                let address = peer.address(on: datagram.path)
            else { continue }
            // The peer answered on this path lately: its neighbour entry is good (see HeartbeatSocket.send).
            let confirmed = lastValidHeartbeat[datagram.path].map { loop.now - $0 < settings.deadtime } ?? false
            do {
                try socket.send(datagram.bytes, to: address, port: settings.port, confirmingNeighbour: confirmed)
            } catch {
                // A cut link fails every send: say so once a deadtime, not 20 times a second.
                let now = loop.now
                if let last = sendFailureLogged[datagram.path], now - last < max(settings.deadtime, .seconds(1)) {
                    continue
                }
                sendFailureLogged[datagram.path] = now
                logger.warning("\(error) (\(datagram.path) path)")
            }
        }
    }

    /// Reads what waits on `socket` (at most 64 datagrams a turn) and feeds it to the machine.
    func receiveHeartbeats(on socket: HeartbeatSocket, path: HeartbeatPath) {
        guard var receiver else { return }
        defer { self.receiver = receiver }
        for _ in 0..<64 {
            let datagram: (bytes: [UInt8], source: IPAddress)?
            do {
                datagram = try socket.receive()
            } catch {
                logger.warning("\(error)")
                return
            }
            guard let datagram else { return }
            let result = receiver.receive(
                datagram.bytes, from: datagram.source, ownSequence: sender?.sequence ?? 0)
            // The receiver's replay state must be current before the machine acts (it may
            // deactivate, which sends heartbeats but never reads them).
            self.receiver = receiver
            switch result {
            case .success(let heartbeat):
                lastValidHeartbeat[heartbeat.path] = loop.now
                dispatch(.heartbeatReceived(heartbeat))
            case .failure(let rejection): dispatch(.heartbeatDropped(rejection))
            }
            if receiver.takeEchoRequest() {
                self.receiver = receiver
                dispatch(.echoRequested)
            }
        }
    }
}
